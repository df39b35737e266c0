/* SPDX-License-Identifier: MIT */
/* <linux/container_of.h> */
#ifndef MR_COMPAT_LINUX_CONTAINER_OF_H
#define MR_COMPAT_LINUX_CONTAINER_OF_H

#include <stddef.h>

#ifndef container_of
#define container_of(ptr, type, member) ((type *)(void *)((char *)(ptr)-offsetof(type, member)))
#endif
/* Keeps the const of @ptr: a const member gives a const container. */
#define container_of_const(ptr, type, member) \
	_Generic(ptr, const __typeof__(*(ptr)) *: ((const type *)container_of(ptr, type, member)), \
		 default: ((type *)container_of(ptr, type, member)))

#endif /* MR_COMPAT_LINUX_CONTAINER_OF_H */
