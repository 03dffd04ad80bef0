/* HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train */
#include "ringbuf.h"
#include <stdlib.h>

int rb_init(ringbuf *rb, size_t capacity) {
    rb->data = malloc(capacity ? capacity : 1);
    rb->capacity = capacity;
    rb->head = rb->tail = rb->count = 0;
    return rb->data ? 0 : -1;
}

void rb_free(ringbuf *rb) {
    free(rb->data);
    rb->data = NULL;
}

size_t rb_write(ringbuf *rb, const unsigned char *src, size_t n) {
    size_t written = 0;
    while (written < n && rb->count < rb->capacity) {
        rb->data[rb->head] = src[written++];
        rb->head = (rb->head + 1) % rb->capacity;
        rb->count++;
    }
    return written;
}

size_t rb_read(ringbuf *rb, unsigned char *dst, size_t n) {
    size_t got = 0;
    while (got < n && rb->count > 0) {
        dst[got++] = rb->data[rb->tail];
        rb->tail = (rb->tail + 1) % rb->capacity;
        rb->count--;
    }
    return got;
}

size_t rb_size(const ringbuf *rb) { return rb->count; }
