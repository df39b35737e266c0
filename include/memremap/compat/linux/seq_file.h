/* SPDX-License-Identifier: MIT */
/* <linux/seq_file.h>: a show() function writing into a growing buffer. */
#ifndef MR_COMPAT_LINUX_SEQ_FILE_H
#define MR_COMPAT_LINUX_SEQ_FILE_H

#include <linux/fs.h>

struct seq_file {
	char *buf;
	size_t size;
	size_t count;
	void *private;
	int (*show)(struct seq_file *m, void *v);
};

extern void seq_printf(struct seq_file *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
extern void seq_puts(struct seq_file *m, const char *s);
extern void seq_putc(struct seq_file *m, char c);
extern void seq_write(struct seq_file *m, const void *data, size_t len);
extern int single_open(struct file *file, int (*show)(struct seq_file *m, void *v), void *data);
extern int single_release(struct inode *inode, struct file *file);
extern ssize_t seq_read(struct file *file, char __user *buf, size_t size, loff_t *ppos);
extern loff_t seq_lseek(struct file *file, loff_t offset, int whence);

#define DEFINE_SHOW_ATTRIBUTE(__name)                                      \
	static int __name##_open(struct inode *inode, struct file *file)   \
	{                                                                  \
		return single_open(file, __name##_show, inode->i_private); \
	}                                                                  \
	static const struct file_operations __name##_fops = {              \
		.open = __name##_open,                                     \
		.read = seq_read,                                          \
		.llseek = seq_lseek,                                       \
		.release = single_release,                                 \
	}

#endif /* MR_COMPAT_LINUX_SEQ_FILE_H */
