/* esc.h: input echoed back (error lines, the report's pages and scripts) never carries raw control
 * bytes: each is written as a visible escape (\n, \r, \t, \xNN). See esc.c. */
#ifndef WT_ESC_H
#define WT_ESC_H
#include <stddef.h>

/* The escape of byte c into e (at least 5 bytes, terminated): its length, or 0 when c is printable
 * as it is (not below 0x20 and not 0x7f; bytes from 0x80 up are UTF-8 and pass). */
int wt_esc_byte(unsigned char c, char e[5]);
/* s with every control byte escaped, into out (len bytes, always terminated; a cut never splits
 * an escape). s NULL reads as "". Returns out, so it can stand in a printf argument list. */
char *wt_esc(const char *s, char *out, size_t len);
#endif
