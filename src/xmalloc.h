/* xmalloc.h: allocation wrappers that check for overflow and failure */
#ifndef NETKPI_XMALLOC_H
#define NETKPI_XMALLOC_H

#include <stddef.h>

/* All of these abort the program with a log line when memory runs out. */
void	*xmalloc(size_t size);
void	*xcalloc(size_t nmemb, size_t size);
/* realloc for nmemb * size bytes, checking the product for overflow. */
void	*xreallocarray(void *ptr, size_t nmemb, size_t size);
/* Returns a copy the caller frees; NULL in, NULL out. */
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);

#endif
