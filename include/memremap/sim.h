/* SPDX-License-Identifier: MIT */
/*
 * memremap/sim.h - device models on the simulated machine, interrupts,
 * and access traces.
 *
 * A model answers every access to its range of a sim machine: the range is
 * mapped without access rights, each load or store on it faults, and the
 * faulting instruction is decoded and emulated against the model (read or
 * write of an offset, a width and a value), whoever makes the access:
 * readl() and friends, memcpy_toio(), or a plain dereference of the pointer
 * memremap() returned. See docs/devices.md and mr_sim_model(3).
 *
 * The model's callbacks run inside the fault handler of the thread that
 * made the access (or in the caller of mr_sim_attach() for init and
 * reset). They may call the mr_sim_* functions below, allocate, and take
 * their own locks; they must not themselves touch a modeled range. One
 * device's callbacks never run at the same time: the library holds a lock
 * per device around each.
 */
#ifndef MEMREMAP_SIM_H
#define MEMREMAP_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

#ifdef __cplusplus
extern "C" {
#endif

struct mr_machine;
struct mr_sim_device;

/* The version of struct mr_sim_model this header describes. */
#define MR_SIM_MODEL_ABI 1

/**
 * struct mr_sim_model - a device model
 * @abi: MR_SIM_MODEL_ABI
 * @name: the model's name: the spec's MODEL and the resource tree's entry
 * @size: bytes of its register window (at least one; whole pages trap)
 * @init: set the device up from @arg (the text after the model's name
 *        and ':' in `device=MODEL:ARG@ADDR`, or NULL); 0 or -errno, with
 *        mr_sim_set_errmsg() saying why. May be NULL.
 * @exit: free what @init made. May be NULL.
 * @reset: put the registers in their reset state; called after @init.
 *         May be NULL.
 * @read: the value of a @width-byte read (1, 2, 4 or 8) at @offset
 * @write: a @width-byte write of @value at @offset
 * @size_of: the window's size for @arg, when it depends on it (a replay
 *           takes its size from the recording); NULL: @size.
 *
 * A shared object that exports a model names it `mr_sim_model`:
 * `const struct mr_sim_model mr_sim_model = { ... };`
 */
struct mr_sim_model {
	unsigned int abi;
	const char *name;
	uint64_t size;
	int (*init)(struct mr_sim_device *dev, const char *arg);
	void (*exit)(struct mr_sim_device *dev);
	void (*reset)(struct mr_sim_device *dev);
	uint64_t (*read)(struct mr_sim_device *dev, uint64_t offset, unsigned int width);
	void (*write)(struct mr_sim_device *dev, uint64_t offset, unsigned int width,
		      uint64_t value);
	uint64_t (*size_of)(const char *arg);
};

/**
 * mr_sim_model_register() - make a model known by its name
 * @model: the model; it must outlive the process's use of it
 *
 * Built-in models (`edu`, `scratch`, `regs`, `trace`) are always known.
 * Return: 0, -EINVAL (no name, wrong @abi, no read or write), -EEXIST (a
 * model of that name is known), -ENOSPC.
 */
MR_API int mr_sim_model_register(const struct mr_sim_model *model);

/**
 * mr_sim_attach() - attach a model to a range of a sim machine
 * @m: an open sim machine
 * @model: a registered or built-in model name, `trace:FILE`, `NAME:ARG`
 *         (ARG goes to the model's init), or a path to a shared object
 *         (it contains a '/') that exports `mr_sim_model`
 * @phys: the first byte of the range, page aligned
 *
 * What the spec key `device=MODEL@ADDR` does at open, for a caller that
 * knows the model only later (a device tree node, a test). The range
 * appears in the resource tree under the model's name and must not
 * overlap System RAM, another model, or a live mapping. Mappings made
 * afterwards that touch it trap.
 * Return: the device, or NULL with errno and mr_errmsg() set.
 */
MR_API struct mr_sim_device *mr_sim_attach(struct mr_machine *m, const char *model, uint64_t phys);

/**
 * mr_sim_device_at() - the device whose range holds @phys on @m, or NULL
 */
MR_API struct mr_sim_device *mr_sim_device_at(struct mr_machine *m, uint64_t phys);

/**
 * mr_sim_device_next() - walk the devices of @m
 * @m: a sim machine
 * @prev: NULL for the first device, else the one before
 *
 * Return: the next device (newest first), or NULL at the end.
 */
MR_API struct mr_sim_device *mr_sim_device_next(struct mr_machine *m, struct mr_sim_device *prev);

/* The device's range, its model's name, and its interrupt line. */
MR_API uint64_t mr_sim_device_phys(const struct mr_sim_device *dev);
MR_API uint64_t mr_sim_device_size(const struct mr_sim_device *dev);
MR_API const char *mr_sim_device_model(const struct mr_sim_device *dev);
MR_API unsigned int mr_sim_device_irq(const struct mr_sim_device *dev);

/* The model's own data, for its callbacks. */
MR_API void *mr_sim_priv(const struct mr_sim_device *dev);
MR_API void mr_sim_set_priv(struct mr_sim_device *dev, void *priv);

/* From init: say why it failed (printf-style), as mr_errmsg() will show. */
MR_API void mr_sim_set_errmsg(struct mr_sim_device *dev, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * mr_sim_dma_read() - a device reads the machine's memory
 * @dev: the device
 * @phys: the physical address, anywhere but a modeled range
 * @buf: where to put @len bytes
 * @len: bytes
 *
 * What a bus master sees: the bytes every mapping of those pages shows.
 * Return: 0, -EFAULT when the range wraps or holds a modeled range.
 */
MR_API int mr_sim_dma_read(struct mr_sim_device *dev, uint64_t phys, void *buf, size_t len);
/* The same, writing. */
MR_API int mr_sim_dma_write(struct mr_sim_device *dev, uint64_t phys, const void *buf, size_t len);

/**
 * mr_sim_irq_raise() - a device raises its interrupt line
 * @dev: the device
 *
 * The handlers that request_irq() put on the device's line run once, in
 * the interrupt thread of the process (as threaded interrupts do), after
 * the access that raised it has completed. Async-signal-safe.
 * Return: 0, or -ENOENT when nobody requested the line (the raise is
 * remembered as pending and delivered when a handler is requested).
 */
MR_API int mr_sim_irq_raise(struct mr_sim_device *dev);

/**
 * mr_sim_replay_check() - how a `trace:FILE` device's replay went
 * @dev: a device of the `trace` model
 * @msg: where to put the verdict text (the divergence, or "N accesses
 *       replayed"), or NULL
 * @len: its size
 *
 * Return: 0 when every access matched and the recording was used up,
 * 1 + the index (from 0, counting R and W lines) of the first access that
 * diverged, or -EINVAL when @dev is not a replay.
 */
MR_API long mr_sim_replay_check(struct mr_sim_device *dev, char *msg, size_t len);

/* --------------------------------------------------------------- interrupts */

/* What a handler returns, as the kernel's irqreturn_t. */
typedef enum mr_irqreturn { MR_IRQ_NONE = 0, MR_IRQ_HANDLED = 1 } mr_irqreturn_t;
typedef mr_irqreturn_t (*mr_irq_handler_t)(int irq, void *dev_id);

/**
 * mr_request_irq() - run @handler when line @irq is raised
 * @irq: the line (mr_sim_device_irq())
 * @handler: called as handler(@irq, @dev_id) in the interrupt thread
 * @flags: MR_IRQF_SHARED to share the line with other handlers
 * @name: who asks (shown in messages)
 * @dev_id: passed to @handler; with MR_IRQF_SHARED, tells the handlers apart
 *
 * request_irq() of <linux/interrupt.h>. Return: 0, -EINVAL, -EBUSY (the
 * line is taken and not shared), -ENOMEM.
 */
#define MR_IRQF_SHARED 0x80UL
MR_API int mr_request_irq(unsigned int irq, mr_irq_handler_t handler, unsigned long flags,
			  const char *name, void *dev_id);
/**
 * mr_free_irq() - remove the handler of @dev_id from line @irq
 *
 * When it returns, that handler is not running and will not run again.
 * Return: @name as given to mr_request_irq(), or NULL (warned) when no
 * such handler was there.
 */
MR_API const char *mr_free_irq(unsigned int irq, void *dev_id);

/* ------------------------------------------------------------------- traces */

/**
 * mr_trace_start() - record accesses to device ranges in a file
 * @path: the file (truncated), in the kernel's mmiotrace text format
 *
 * What MEMREMAP_TRACE=FILE does when the library loads. Every access a
 * model answers is recorded, and every accessor call (readl(), writel(),
 * ...) on a mapping of any machine; memremap() and memunmap() of device
 * ranges write MAP and UNMAP lines. Return: 0 or -errno.
 */
MR_API int mr_trace_start(const char *path);
/* Stop recording and close the file. */
MR_API void mr_trace_stop(void);
/* Write a MARK line with @text into the trace, when one is being recorded. */
MR_API void mr_trace_mark(const char *text);

/* What a line of an mmiotrace text is. */
enum mr_trace_kind {
	MR_TRACE_READ = 'R',
	MR_TRACE_WRITE = 'W',
	MR_TRACE_MAP = 'M',
	MR_TRACE_UNMAP = 'U',
	MR_TRACE_MARK = 'K',
};

/**
 * struct mr_trace_rec - one line of a trace
 * @kind: enum mr_trace_kind
 * @width: bytes of an access (R, W)
 * @usec: the time stamp, in microseconds
 * @map_id: the mapping it belongs to (all but MARK)
 * @phys: the physical address (R, W, MAP)
 * @value: the value read or written (R, W)
 * @pc: where the access was made (R, W; 0 when unknown)
 * @virt: the virtual address a mapping got (MAP)
 * @len: the mapping's length (MAP)
 * @text: a MARK's text, up to the end of the line (not NUL-terminated:
 *        @text_len bytes, pointing into the line given)
 */
struct mr_trace_rec {
	int kind;
	unsigned int width;
	uint64_t usec;
	unsigned int map_id;
	uint64_t phys, value, pc, virt, len;
	const char *text;
	size_t text_len;
};

/**
 * mr_trace_parse_line() - read one line of an mmiotrace text
 * @line: the line, without or with its newline
 * @len: its length
 * @rec: filled for a record
 *
 * Reads what the kernel's mmiotrace (tracefs trace_pipe with
 * current_tracer = mmiotrace) and MEMREMAP_TRACE write alike.
 * Return: 0 for a record, 1 for a line that carries none (VERSION,
 * PCIDEV, UNKNOWN, a comment, a blank line), -EINVAL for a line that is
 * none of these (with mr_errmsg() saying what is wrong).
 */
MR_API int mr_trace_parse_line(const char *line, size_t len, struct mr_trace_rec *rec);

#ifdef __cplusplus
}
#endif

#endif /* MEMREMAP_SIM_H */
