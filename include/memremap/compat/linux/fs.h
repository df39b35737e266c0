/* SPDX-License-Identifier: MIT */
/*
 * <linux/fs.h>, the part drivers name: file operations they fill in for a
 * debugfs file, a misc device or a character device. Nothing opens those
 * files here; the structures only have to be there.
 */
#ifndef MR_COMPAT_LINUX_FS_H
#define MR_COMPAT_LINUX_FS_H

#include <sys/types.h>

#include <linux/kernel.h>
#include <linux/types.h>

struct module;
struct vm_area_struct;
struct poll_table_struct;

struct inode {
	void *i_private;
	dev_t i_rdev;
};

struct file {
	void *private_data;
	struct inode *f_inode;
	unsigned int f_flags;
	mode_t f_mode;
};

struct file_operations {
	struct module *owner;
	loff_t (*llseek)(struct file *f, loff_t off, int whence);
	ssize_t (*read)(struct file *f, char __user *buf, size_t n, loff_t *pos);
	ssize_t (*write)(struct file *f, const char __user *buf, size_t n, loff_t *pos);
	unsigned int (*poll)(struct file *f, struct poll_table_struct *wait);
	long (*unlocked_ioctl)(struct file *f, unsigned int cmd, unsigned long arg);
	long (*compat_ioctl)(struct file *f, unsigned int cmd, unsigned long arg);
	int (*mmap)(struct file *f, struct vm_area_struct *vma);
	int (*open)(struct inode *inode, struct file *f);
	int (*release)(struct inode *inode, struct file *f);
};

static inline struct inode *file_inode(const struct file *f)
{
	return f->f_inode;
}

extern loff_t noop_llseek(struct file *f, loff_t off, int whence);
extern loff_t default_llseek(struct file *f, loff_t off, int whence);
extern ssize_t simple_read_from_buffer(void __user *to, size_t count, loff_t *ppos,
				       const void *from, size_t available);
extern int simple_open(struct inode *inode, struct file *file);
extern int nonseekable_open(struct inode *inode, struct file *file);

#endif /* MR_COMPAT_LINUX_FS_H */
