/* SPDX-License-Identifier: MIT */
/* <linux/stddef.h>: the C library's <stddef.h> and the kernel's layout macros. */
#ifndef MR_COMPAT_LINUX_STDDEF_H
#define MR_COMPAT_LINUX_STDDEF_H

#if defined(__has_include_next)
#if __has_include_next(<linux/stddef.h>)
#include_next <linux/stddef.h> /* the UAPI one: other UAPI headers need its macros */
#endif
#endif
#include <stddef.h>

#define sizeof_field(type, member) sizeof(((type *)0)->member)
#define offsetofend(type, member)  (offsetof(type, member) + sizeof_field(type, member))
/* A flexible array where C wants none (in a union, alone in a struct). */
#define DECLARE_FLEX_ARRAY(type, name) \
	struct {                       \
		struct {               \
		} __empty_##name;      \
		type name[];           \
	}
#define struct_group(name, ...)      \
	union {                      \
		struct {             \
			__VA_ARGS__; \
		};                   \
		struct {             \
			__VA_ARGS__; \
		} name;              \
	}

#endif /* MR_COMPAT_LINUX_STDDEF_H */
