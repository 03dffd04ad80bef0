/* HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train */
#ifndef RINGBUF_H
#define RINGBUF_H
#include <stddef.h>

typedef struct {
    unsigned char *data;
    size_t capacity; /* bytes the buffer can hold */
    size_t head;     /* next write position */
    size_t tail;     /* next read position */
    size_t count;    /* bytes currently stored */
} ringbuf;

int rb_init(ringbuf *rb, size_t capacity); /* 0 on success */
void rb_free(ringbuf *rb);
size_t rb_write(ringbuf *rb, const unsigned char *src, size_t n); /* returns bytes written */
size_t rb_read(ringbuf *rb, unsigned char *dst, size_t n);        /* returns bytes read */
size_t rb_size(const ringbuf *rb);
#endif
