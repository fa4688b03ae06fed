/* glibc's malloc extensions (malloc_trim): part of libc, nothing to link. */
#include <malloc.h>
