/* HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train */
/* Runner for c-ring-buffer (uid 1000, linked with the agent's ringbuf.c under ASan+UBSan).
 * Each request line is a nonce, then a script of space-separated ops on one ring buffer; the answer is
 * the nonce (so that lines printed before the request cannot pass for answers), then one token per op,
 * in order (values only; the driver compares them with its own model):
 *   i<cap>  rb_init(cap)          -> its return value
 *   w<hex>  rb_write of the bytes -> bytes written
 *   r<n>    rb_read of n bytes    -> "<returned>:<hex of the bytes read>"
 *   s       rb_size               -> the size
 *   f       rb_free               -> "-"
 * Source and destination buffers are malloc'd at their exact size so ASan sees any overrun. */
#define _POSIX_C_SOURCE 200809L /* hbrunner.h needs fdopen, which -std=c11 hides otherwise */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hbrunner.h"
#include "ringbuf.h"

static char line[1 << 20];
static char out[1 << 21];
static size_t outlen;

static void emit(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(out + outlen, sizeof out - outlen, fmt, ap);
    va_end(ap);
    if (k > 0) outlen += (size_t)k < sizeof out - outlen ? (size_t)k : sizeof out - outlen - 1;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return 0;
}

int main(void) {
    hb_start();
    while (hb_request(line, sizeof line)) {
        ringbuf rb;
        int live = 0;
        outlen = 0;
        out[0] = 0;
        emit("%s", strtok(line, " "));
        for (char *op = strtok(NULL, " "); op; op = strtok(NULL, " ")) {
            emit(" ");
            if (op[0] == 'i') {
                if (live) rb_free(&rb);
                int rc = rb_init(&rb, strtoul(op + 1, NULL, 10));
                live = 1;
                emit("%d", rc);
            } else if (op[0] == 'w' && live) {
                size_t n = strlen(op + 1) / 2;
                unsigned char *src = malloc(n ? n : 1);
                for (size_t k = 0; k < n; k++) src[k] = (unsigned char)(hexval(op[1 + 2 * k]) << 4 | hexval(op[2 + 2 * k]));
                emit("%zu", rb_write(&rb, src, n));
                free(src);
            } else if (op[0] == 'r' && live) {
                size_t n = strtoul(op + 1, NULL, 10);
                unsigned char *dst = malloc(n ? n : 1);
                size_t got = rb_read(&rb, dst, n);
                emit("%zu:", got);
                for (size_t k = 0; k < got && k < n; k++) emit("%02x", dst[k]);
                free(dst);
            } else if (op[0] == 's' && live) {
                emit("%zu", rb_size(&rb));
            } else if (op[0] == 'f' && live) {
                rb_free(&rb);
                live = 0;
                emit("-");
            } else {
                emit("?");
            }
        }
        if (live) rb_free(&rb);
        hb_answer("%s", out);
    }
    return 0;
}
