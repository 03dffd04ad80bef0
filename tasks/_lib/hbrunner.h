/* HARNESSBENCH-CANARY 7f3c2a9e-task-set-do-not-train */
/* hbrunner.h: the runner side of a HarnessBench grader, for C and C++ (runs as uid 1000).
 *
 * A runner is linked with the agent's code and answers the driver's questions; it decides nothing.
 * Call hb_start() first thing in main(): it moves the answer channel off file descriptor 1, so
 * whatever the agent's code prints goes to stderr. Then, for each request line read from stdin
 * (hb_request, which strips the request's nonce), write exactly one answer with
 * hb_answer("%...", ...), which repeats it. The driver (hbgrade.py)
 * compares the answers with its own expected values. Anything the agent's code writes to the answer
 * channel (a constructor runs before main() and still has it as stdout) can at most be taken as an
 * answer: a value the driver checks like any other, never a verdict.
 */
#ifndef HBRUNNER_H
#define HBRUNNER_H
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Declared here too: strict -std=c11 hides these POSIX functions, and an undeclared fdopen would be
 * taken as returning int and crash. */
#ifndef __cplusplus
FILE *fdopen(int fd, const char *mode);
int dup(int fd);
int dup2(int fd, int fd2);
#endif

static FILE *hb_answers_;
static long hb_seq_;
static char hb_nonce_[64];

static void hb_start(void) {
    int fd = dup(1);
    dup2(2, 1);
    hb_answers_ = fdopen(fd, "w");
    if (!hb_answers_) abort();
    fprintf(hb_answers_, "@0 ready\n");
    fflush(hb_answers_);
}

/* Reads the next request into buf (its nonce and the newline stripped); returns 0 at end of input. */
static int hb_request(char *buf, size_t size) {
    if (!fgets(buf, (int)size, stdin)) return 0;
    buf[strcspn(buf, "\n")] = 0;
    size_t n = strcspn(buf, " ");
    if (n >= sizeof hb_nonce_) n = sizeof hb_nonce_ - 1;
    memcpy(hb_nonce_, buf, n);
    hb_nonce_[n] = 0;
    const char *rest = buf[n] == ' ' ? buf + n + 1 : buf + n;
    memmove(buf, rest, strlen(rest) + 1);
    hb_seq_++;
    return 1;
}

/* Writes the answer to the current request as one line (newlines in it are the caller's bug). */
static void hb_answer(const char *fmt, ...) {
    va_list ap;
    fprintf(hb_answers_, "@%ld %s ", hb_seq_, hb_nonce_);
    va_start(ap, fmt);
    vfprintf(hb_answers_, fmt, ap);
    va_end(ap);
    fputc('\n', hb_answers_);
    fflush(hb_answers_);
}
#endif
