/* HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train */
#include <stdio.h>
#include "ringbuf.h"

int main(void) {
    ringbuf rb;
    unsigned char out[8];
    if (rb_init(&rb, 4) != 0) return 1;
    size_t w = rb_write(&rb, (const unsigned char *)"abc", 3);
    size_t r = rb_read(&rb, out, 2);
    printf("wrote %zu, read %zu: %.*s, size now %zu\n", w, r, (int)r, out, rb_size(&rb));
    rb_free(&rb);
    return 0;
}
