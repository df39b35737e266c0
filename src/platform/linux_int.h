/* SPDX-License-Identifier: MIT */
/*
 * The linux machine's own files, bottom up (no file calls one above it):
 *
 *   linux_sys.c     paths under the machine's root, sysfs numbers and
 *                   links, the kernel's claims (/proc/iomem), lockdown
 *   linux_pci.c     PCI functions through sysfs: BARs, drivers, IOMMU
 *                   groups, config space, binding and unbinding
 *   linux_vfio.c    VFIO: whether a function's door is open (pure), and the
 *                   group, container and device descriptors it keeps open
 *   linux_doctor.c  why a mapping would fail on this computer
 *   linux.c         the platform: opening, the doors in order, map, unmap
 */
#ifndef MR_LINUX_INT_H
#define MR_LINUX_INT_H

#include <dirent.h>

#include <memremap/pci.h>

#include "mr_platform.h"

struct mr__linux {
	char *root; /* "" or the folder that stands in for / */
	/*
	 * The tree as the kernel showed it, for its claims only: private to
	 * this machine, read again while others look at it, so it has a lock
	 * of its own (a reload must never wait for the library lock, which a
	 * caller planning a mapping holds for reading).
	 */
	struct resource *kernel;
	pthread_rwlock_t claims_lock;
	bool relaxed;	    /* leave busy ranges to the kernel */
	bool kernel_strict; /* the kernel's IO_STRICT_DEVMEM in force: no iomem=relaxed */
	bool vfio_only;	    /* /proc/iomem hid its addresses: only VFIO doors open */
};

static inline struct mr__linux *mr__linux(struct mr_machine *m)
{
	return m->priv;
}

/* The doors, in the order linux.c tries them (docs/linux.md has the table). */
enum mr__linux_door {
	MR__DOOR_DAX,	     /* /dev/daxX.Y */
	MR__DOOR_UIO,	     /* /dev/uioN, map M */
	MR__DOOR_BAR_WC,     /* .../resourceN_wc */
	MR__DOOR_VFIO_CDEV,  /* /dev/vfio/devices/vfioX bound to /dev/iommu */
	MR__DOOR_VFIO_GROUP, /* /dev/vfio/N in a type1 container: the region of the BAR */
	MR__DOOR_BAR,	     /* .../resourceN */
	MR__DOOR_DEVMEM,     /* /dev/mem, O_SYNC for anything but WB */
	MR__DOOR_NR
};

/* /proc and /sys files are small; anything larger is not what we expect. */
#define MR__LINUX_FILE_MAX (16UL << 20)
/* The kernel leaves the first megabyte to /dev/mem whatever is claimed there. */
#define MR__LINUX_LOW_MB (1ULL << 20)
#if defined(__aarch64__)
#define MR__LINUX_UC "Device memory"
#else
#define MR__LINUX_UC "UC-"
#endif

/* ------------------------------------------------------------- linux_sys.c */

/* @fmt under the machine's root into @buf (cut when too long). */
MR__HIDDEN void mr__linux_path(const struct mr__linux *l, char *buf, size_t n, const char *fmt, ...)
	MR__PRINTF(4, 5);
/* snprintf() into a fixed field whose text may be cut (mapping info, reasons). */
MR__HIDDEN void mr__linux_text(char *buf, size_t n, const char *fmt, ...) MR__PRINTF(3, 4);
/* A whole small file, no symlink as its last component. */
MR__HIDDEN int mr__linux_slurp(const char *path, char **text, size_t *len);
/*
 * Did reading a file fail for want of memory since the last call (this
 * thread)? A file that could not be read is taken as absent by most
 * readers; a probe that met this answers ENOMEM instead of a door chosen
 * on a wrong picture.
 */
MR__HIDDEN bool mr__linux_oom_take(void);
/* One number from a sysfs file: "0x38200000", "65011712". */
MR__HIDDEN int mr__linux_read_u64(const char *path, uint64_t *v);
/* The first line of a small file, without its newline; 0 or -errno. */
MR__HIDDEN int mr__linux_read_line(const char *path, char *buf, size_t n);
/* The last component of where the symlink @path points ("vfio-pci"); 0 or -errno. */
MR__HIDDEN int mr__linux_link_name(const char *path, char *buf, size_t n);
/* Copy a directory entry's name that fits; names that do not are not ours. */
MR__HIDDEN bool mr__linux_name(char *buf, size_t len, const struct dirent *de);
/* Call @fn on each entry of @dir whose name starts with @prefix, until it says stop. */
MR__HIDDEN bool mr__linux_scan(const struct mr__linux *l, const char *dir, const char *prefix,
			       bool (*fn)(const struct mr__linux *l, const char *name, void *arg),
			       void *arg);
/* Can this process open @path read-write (by its effective ids)? 0 or -errno. */
MR__HIDDEN int mr__linux_rw_ok(const char *path);

/*
 * Kernel lockdown (/sys/kernel/security/lockdown): "none", "integrity" or
 * "confidentiality" into @mode, "" when the file is not there. Return: true
 * when it is in force (integrity shuts /dev/mem and the mmap of PCI
 * resource files; confidentiality adds to that).
 */
MR__HIDDEN bool mr__linux_lockdown(const struct mr__linux *l, char *mode, size_t n);

/* /proc/iomem's text, refused when it hides the addresses (-EACCES, message set). */
MR__HIDDEN int mr__linux_read_iomem(struct mr__linux *l, char **text, size_t *len);
/* Does the text show every address as 0 (read without CAP_SYS_ADMIN)? */
MR__HIDDEN bool mr__linux_iomem_hidden(const char *text);
/* Any System RAM in [start, start + len) as the kernel showed it. */
MR__HIDDEN bool mr__linux_is_ram(struct mr__linux *l, uint64_t start, uint64_t len);
/* Read the kernel's claims again (drivers bind and unbind while we run). */
MR__HIDDEN void mr__linux_reload_claims(struct mr__linux *l, struct mr_machine *m);
/* What keeps user space off [first, last] now (iomem_is_exclusive), named in @who. */
MR__HIDDEN bool mr__linux_busy_now(struct mr__linux *l, uint64_t first, uint64_t last, char *who,
				   size_t len);
/* The same, a claim seen at open checked again after a reload. */
MR__HIDDEN bool mr__linux_busy(struct mr_machine *m, uint64_t first, uint64_t last, char *who,
			       size_t len);

/* ------------------------------------------------------------- linux_pci.c */

/* A memory BAR of a PCI function, from its sysfs resource file. */
struct mr__linux_bar {
	char dev[16]; /* "0000:00:04.0" */
	int bar;
	uint64_t start, end, flags;
	uint64_t want_start, want_last; /* the request */
};

/* The memory BAR (of any function) that holds [start, last]. */
MR__HIDDEN bool mr__linux_find_bar(struct mr__linux *l, uint64_t start, uint64_t last,
				   struct mr__linux_bar *b);
/* BAR @bar (0-5) of function @dev: 0, -ENODEV (no such function), -ENOENT (not a memory BAR). */
MR__HIDDEN int mr__linux_bar_of(const struct mr__linux *l, const char *dev, int bar,
				struct mr__linux_bar *b);
/* The name of the driver bound to @dev into @buf, "" when none; 0 or -errno. */
MR__HIDDEN int mr__linux_pci_driver(const struct mr__linux *l, const char *dev, char *buf,
				    size_t n);
/* Is @driver one of VFIO's (vfio-pci and its variant drivers)? */
MR__HIDDEN bool mr__linux_is_vfio_driver(const char *driver);
/* The IOMMU group of @dev: its number, or -ENOENT when it has none (no IOMMU). */
MR__HIDDEN int mr__linux_pci_group(const struct mr__linux *l, const char *dev);
/*
 * Config space through sysfs: @width 8, 16 or 32 bits at @off, naturally
 * aligned. Return 0 or -errno with the message set.
 */
MR__HIDDEN int mr__linux_pci_config_sysfs(const struct mr__linux *l, const char *dev,
					  unsigned int off, unsigned int width, uint32_t *val,
					  bool write);
/*
 * PCI_COMMAND's memory-space bit, read through sysfs (the first 64 bytes
 * need no privilege). Return 1 on, 0 off, -errno when it cannot be read;
 * the register's value in *@cmd.
 */
MR__HIDDEN int mr__linux_pci_decode(const struct mr__linux *l, const char *dev, uint16_t *cmd);
/* Is @dev a bridge (header type other than 0), which VFIO lets in a group? */
MR__HIDDEN bool mr__linux_pci_is_bridge(const struct mr__linux *l, const char *dev);
/*
 * Would unbinding @dev take something from under the system: a mounted
 * file system on a block device below it, or a network interface up? The
 * first such use goes into @why. Return: true when in use.
 */
MR__HIDDEN bool mr__linux_pci_in_use(const struct mr__linux *l, const char *dev, char *why,
				     size_t n);
/* Bind @dev to @driver, or (NULL) unbind it and hand it back to the kernel. */
MR__HIDDEN int mr__linux_pci_bind(struct mr_machine *m, const struct mr_pci_addr *fn,
				  const char *driver);
/* Every memory BAR of every function as /proc/iomem text, by address (mr__malloc'd). */
MR__HIDDEN int mr__linux_bar_tree(const struct mr__linux *l, char **text, size_t *len);
MR__HIDDEN int mr__linux_pci_bar_op(struct mr_machine *m, const struct mr_pci_addr *fn, int bar,
				    struct mr_pci_bar *out);
MR__HIDDEN int mr__linux_pci_driver_op(struct mr_machine *m, const struct mr_pci_addr *fn,
				       char *buf, size_t n);

/* ------------------------------------------------------------ linux_vfio.c */

/* Why VFIO's door to a function is open or shut, found without opening anything. */
struct mr__linux_vfio {
	int kind;      /* MR__DOOR_VFIO_CDEV or _GROUP; 0 when the function is not VFIO's */
	int group;     /* the IOMMU group (-1: none) */
	char cdev[16]; /* "vfio0": the device's node under /dev/vfio/devices */
	char why[200]; /* a shut door: why */
};

/*
 * Is @dev's VFIO door open to this process: bound to vfio-pci, its group
 * viable and its files open to us (the cdev + iommufd interface where the
 * kernel has it, else the group)? Reads sysfs and checks permissions only.
 * Return: 0, or -errno with @v->why and the message set.
 */
MR__HIDDEN int mr__linux_vfio_probe(const struct mr__linux *l, const char *dev,
				    struct mr__linux_vfio *v);
/*
 * Map @len bytes at @off into BAR @bar's region of @dev through @kind's
 * interface; the descriptors are kept, one set per device and counted, so
 * that the device is opened (and reset) once. Return 0 or -errno.
 */
MR__HIDDEN int mr__linux_vfio_map(const struct mr__linux *l, int kind, const char *dev, int bar,
				  uint64_t off, size_t len, void **win);
/* Undo one mapping of mr__linux_vfio_map(); the last one closes the device. */
MR__HIDDEN void mr__linux_vfio_unmap(const struct mr__linux *l, const char *dev, void *win,
				     size_t len);
/* Config space through the device's config region. */
MR__HIDDEN int mr__linux_vfio_config(const struct mr__linux *l, int kind, const char *dev,
				     unsigned int off, unsigned int width, uint32_t *val,
				     bool write);
/* Any VFIO group or device node this process may open (for a hidden /proc/iomem). */
MR__HIDDEN bool mr__linux_vfio_any(const struct mr__linux *l);
MR__HIDDEN int mr__linux_pci_config_op(struct mr_machine *m, const struct mr_pci_addr *fn,
				       unsigned int off, unsigned int width, uint32_t *val,
				       bool write);

/* ---------------------------------------------------------- linux_doctor.c */

MR__HIDDEN void mr__linux_doctor(struct mr_machine *m, uint64_t phys, uint64_t size,
				 struct mr__doctor *d);

#endif /* MR_LINUX_INT_H */
