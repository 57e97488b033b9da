/* esc.h: input echoed back (error lines, the report's pages and scripts) never carries raw control
 * bytes or broken UTF-8: each such byte is written as a visible escape (\n, \r, \t, \xNN). */
#ifndef WT_ESC_H
#define WT_ESC_H
#include <stddef.h>

/* The next character of s (s non-empty) as it may be shown, into e (at least 5 bytes, terminated):
 * printable ASCII or a whole valid UTF-8 sequence as it is; a control byte (below 0x20, 0x7f) or a
 * byte that is not valid UTF-8 as its escape, and then *escaped is 1. Returns the bytes of s used. */
int wt_esc_next(const char *s, char e[5], int *escaped);
/* s with those bytes escaped, into out (len bytes, always terminated; a cut never splits an
 * escape or a character). s NULL reads as "". Returns out, to stand in a printf argument list. */
char *wt_esc(const char *s, char *out, size_t len);
#endif
