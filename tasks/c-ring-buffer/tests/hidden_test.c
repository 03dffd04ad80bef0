/* HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train */
/* Hidden grader for the ring buffer: exact-capacity, wrap-around and a seeded model check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ringbuf.h"

static int total, passed;
#define CHECK(name, cond) do { total++; if (cond) passed++; else printf("FAIL %s\n", name); } while (0)

static int model_check(unsigned seed, size_t cap) {
    ringbuf rb;
    unsigned char model[256], buf[64];
    size_t mhead = 0, mcount = 0;
    srand(seed);
    if (rb_init(&rb, cap) != 0) return 0;
    for (int step = 0; step < 2000; step++) {
        size_t n = (size_t)(rand() % 9);
        if (rand() % 2) {
            for (size_t i = 0; i < n; i++) buf[i] = (unsigned char)rand();
            size_t want = n < cap - mcount ? n : cap - mcount;
            if (rb_write(&rb, buf, n) != want) { rb_free(&rb); return 0; }
            for (size_t i = 0; i < want; i++) model[(mhead + mcount + i) % 256] = buf[i];
            mcount += want;
        } else {
            size_t want = n < mcount ? n : mcount;
            if (rb_read(&rb, buf, n) != want) { rb_free(&rb); return 0; }
            for (size_t i = 0; i < want; i++)
                if (buf[i] != model[(mhead + i) % 256]) { rb_free(&rb); return 0; }
            mhead = (mhead + want) % 256;
            mcount -= want;
        }
        if (rb_size(&rb) != mcount) { rb_free(&rb); return 0; }
    }
    rb_free(&rb);
    return 1;
}

int main(void) {
    ringbuf rb;
    unsigned char out[16];
    rb_init(&rb, 5);
    CHECK("holds exactly capacity", rb_write(&rb, (const unsigned char *)"abcdefg", 7) == 5);
    CHECK("size at full", rb_size(&rb) == 5);
    CHECK("read back", rb_read(&rb, out, 16) == 5 && memcmp(out, "abcde", 5) == 0);
    CHECK("empty read", rb_read(&rb, out, 4) == 0);
    rb_free(&rb);

    rb_init(&rb, 3);
    rb_write(&rb, (const unsigned char *)"xy", 2);
    rb_read(&rb, out, 1);
    rb_write(&rb, (const unsigned char *)"123", 3);
    CHECK("wrap-around order", rb_read(&rb, out, 3) == 3 && memcmp(out, "y12", 3) == 0);
    rb_free(&rb);

    CHECK("capacity 1", model_check(7u, 1));
    CHECK("model cap 4", model_check(1234u, 4));
    CHECK("model cap 17", model_check(99u, 17));
    CHECK("model cap 64", model_check(2026u, 64));

    printf("%d/%d checks passed\n", passed, total);
    const char *score = getenv("HB_SCORE_FILE");
    FILE *f = score ? fopen(score, "w") : NULL;
    if (f) { fprintf(f, "{\"tests_passed\": %d, \"tests_total\": %d}\n", passed, total); fclose(f); }
    return passed == total ? 0 : 1;
}
