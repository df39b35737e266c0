/* SPDX-License-Identifier: MIT */
/*
 * <linux/fb.h> for driver code built in user space over libmemremap.
 *
 * The screen descriptions (struct fb_var_screeninfo, fb_fix_screeninfo) are
 * the system's UAPI ones, as in the kernel; struct fb_info keeps only the
 * members a driver fills in to describe a frame buffer it has mapped. There
 * is no frame-buffer core to register with.
 */
#ifndef MR_COMPAT_LINUX_FB_H
#define MR_COMPAT_LINUX_FB_H

#if defined(__has_include_next)
#if __has_include_next(<linux/fb.h>)
#include_next <linux/fb.h>
#define MR__COMPAT_UAPI_FB 1
#endif
#endif

#include <stdlib.h>

#include <linux/compiler.h>
#include <linux/device.h>
#include <linux/types.h>

#ifndef MR__COMPAT_UAPI_FB
struct fb_fix_screeninfo {
	char id[16];
	unsigned long smem_start; /* physical start of the frame buffer */
	__u32 smem_len;
	__u32 type;
	__u32 visual;
	__u32 line_length; /* bytes per line */
	unsigned long mmio_start;
	__u32 mmio_len;
};

struct fb_var_screeninfo {
	__u32 xres;
	__u32 yres;
	__u32 xres_virtual;
	__u32 yres_virtual;
	__u32 bits_per_pixel;
};
#endif

struct fb_info {
	int node;
	int flags;
	struct fb_var_screeninfo var; /* the current mode */
	struct fb_fix_screeninfo fix; /* where the frame buffer is */
	char __iomem *screen_base;    /* what memremap() returned */
	unsigned long screen_size;
	void *pseudo_palette;
	struct device *device; /* the device that owns it, or NULL */
	void *par;	       /* the driver's own data */
};

/* An fb_info followed by @size bytes for the driver, as info->par. */
static inline struct fb_info *framebuffer_alloc(size_t size, struct device *dev)
{
	struct fb_info *info = (struct fb_info *)calloc(1, sizeof(*info) + size);

	if (!info)
		return NULL;
	info->device = dev;
	if (size)
		info->par = info + 1;
	return info;
}

static inline void framebuffer_release(struct fb_info *info)
{
	free(info);
}

#endif /* MR_COMPAT_LINUX_FB_H */
