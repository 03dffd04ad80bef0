/* HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train */
/* Four threads move money around; the total must never change. */
#include <stdio.h>
#include <stdlib.h>
#include "bank.h"

#define ACCOUNTS 8
static bank b;

static void *worker(void *arg) {
    unsigned seed = (unsigned)(size_t)arg;
    for (int k = 0; k < 200000; k++)
        bank_transfer(&b, rand_r(&seed) % ACCOUNTS, rand_r(&seed) % ACCOUNTS, 1 + rand_r(&seed) % 50);
    return NULL;
}

int main(void) {
    pthread_t t[4];
    bank_init(&b, ACCOUNTS, 1000);
    for (size_t i = 0; i < 4; i++) pthread_create(&t[i], NULL, worker, (void *)(i + 1));
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    long total = bank_total(&b);
    printf("total %ld (expected %d)\n", total, ACCOUNTS * 1000);
    bank_free(&b);
    return total == ACCOUNTS * 1000 ? 0 : 1;
}
