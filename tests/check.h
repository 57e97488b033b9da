/* check.h: the tiny assertion used by the unit tests: failures are counted (sticky), printed with
 * their line, and the test's exit code is the outcome. */
#ifndef WT_CHECK_H
#define WT_CHECK_H
#include <stdio.h>
static int check_failures;
#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            check_failures++;                                                                      \
            fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond);              \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)
static int check_result(const char *name)
{
    printf("%s: %s (%d failure%s)\n", name, check_failures ? "FAIL" : "ok", check_failures,
           check_failures == 1 ? "" : "s");
    return check_failures ? 1 : 0;
}
#endif
