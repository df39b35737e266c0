/* SPDX-License-Identifier: MIT */
/*
 * memremap/regs.h - device registers by name (libmemremap-regs).
 *
 * A register description says where a block of registers lives (a physical
 * base address, or a PCI device and BAR), and names its registers, their
 * fields and the fields' enumerated values. Three formats load into one
 * model: the native format (YAML, docs/registers.md), CMSIS-SVD (peripheral
 * = block) and IP-XACT (address block = block). Names are "BLOCK.REG" and
 * "BLOCK.REG:FIELD", matched without regard to case.
 *
 * This is its own library, -lmemremap-regs (pkg-config memremap-regs): it
 * needs libyaml and libxml2, where libmemremap needs libc alone. Every
 * failure returns -errno, sets errno and a per-thread message that
 * mr_regs_errmsg() returns. A set is not locked: share one between threads
 * only for lookups, once loading is done.
 */
#ifndef MEMREMAP_REGS_H
#define MEMREMAP_REGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pci.h" /* struct mr_pci_addr */

#ifdef __cplusplus
extern "C" {
#endif

#ifndef MR_REGS_API
#define MR_REGS_API __attribute__((visibility("default")))
#endif

struct mr_machine;
struct mr_regs;

/*
 * What a read or a write of a register's or field's bits does. A field
 * without an access of its own has its register's; a register without one
 * has its block's; a block without one is MR_REG_RW.
 */
enum mr_reg_access {
	MR_REG_RW = 0, /* read and write */
	MR_REG_RO,     /* read only: writes are ignored */
	MR_REG_WO,     /* write only: reads return nothing meaningful */
	MR_REG_W1C,    /* read; writing 1 clears a bit, writing 0 does nothing */
	MR_REG_W1S,    /* read; writing 1 sets a bit, writing 0 does nothing */
	MR_REG_RC,     /* read only, and a read clears the bits */
};

/**
 * struct mr_reg_enum - one named value of a field
 * @name: the value's name ("ON")
 * @description: free text, "" when none
 * @value: the field's value, in the field's own bits (not shifted)
 */
struct mr_reg_enum {
	const char *name;
	const char *description;
	uint64_t value;
};

struct mr_reg;

/**
 * struct mr_reg_field - bits of a register with a name
 * @name: the field's name ("IRQ")
 * @description: free text, "" when none
 * @lsb: the lowest bit
 * @width: how many bits, 1 to 64
 * @mask: the field's bits in the register (((1 << @width) - 1) << @lsb)
 * @access: MR_REG_*
 * @nvalues: entries in @values
 * @values: the named values, in the order of the description
 * @reg: the register the field belongs to
 * @file: the description file it came from
 * @line: its line there (0 when unknown)
 */
struct mr_reg_field {
	const char *name;
	const char *description;
	unsigned int lsb;
	unsigned int width;
	uint64_t mask;
	enum mr_reg_access access;
	size_t nvalues;
	const struct mr_reg_enum *const *values;
	const struct mr_reg *reg;
	const char *file;
	unsigned int line;
};

struct mr_reg_block;

/**
 * struct mr_reg - one register
 * @name: the register's name ("STATUS")
 * @description: free text, "" when none
 * @offset: its byte offset from the block's base
 * @width: bits of one access: 8, 16, 32 or 64
 * @reset: the value after reset, where @reset_mask says it is known
 * @reset_mask: the bits of @reset the description gives (0: no reset value)
 * @access: MR_REG_*, of the bits no field covers
 * @nfields: entries in @fields
 * @fields: the fields, lowest bit first
 * @block: the block the register belongs to
 * @file: the description file it came from
 * @line: its line there (0 when unknown)
 */
struct mr_reg {
	const char *name;
	const char *description;
	uint64_t offset;
	unsigned int width;
	uint64_t reset;
	uint64_t reset_mask;
	enum mr_reg_access access;
	size_t nfields;
	const struct mr_reg_field *const *fields;
	const struct mr_reg_block *block;
	const char *file;
	unsigned int line;
};

/* Where a block lives: struct mr_reg_block's @anchor. */
enum mr_reg_anchor {
	MR_REG_ANCHOR_BASE = 0, /* at @base, a physical address */
	MR_REG_ANCHOR_PCI_ID,	/* in BAR @bar of the PCI device @vendor:@device */
	MR_REG_ANCHOR_PCI_BDF,	/* in BAR @bar of the PCI function @bdf */
	MR_REG_ANCHOR_NONE,	/* nowhere yet (IP-XACT): mr_regs_set_base() gives one */
};

/**
 * struct mr_reg_block - a block of registers: a device, a peripheral
 * @name: the block's name ("edu")
 * @description: free text, "" when none
 * @anchor: MR_REG_ANCHOR_*
 * @base: the physical address (MR_REG_ANCHOR_BASE), the offset of the
 *        block inside its BAR (the PCI anchors), or its offset in the
 *        component's memory map (MR_REG_ANCHOR_NONE)
 * @vendor: PCI vendor ID (MR_REG_ANCHOR_PCI_ID)
 * @device: PCI device ID (MR_REG_ANCHOR_PCI_ID)
 * @index: which of several such devices, 0 for the first in BDF order
 *         (MR_REG_ANCHOR_PCI_ID)
 * @bdf: the PCI function (MR_REG_ANCHOR_PCI_BDF)
 * @bar: the BAR, 0-5 (the PCI anchors)
 * @size: the bytes the block spans: as described, else up to the end of
 *        its last register
 * @nregs: entries in @regs
 * @regs: the registers, lowest offset first
 * @file: the description file it came from
 * @line: its line there (0 when unknown)
 */
struct mr_reg_block {
	const char *name;
	const char *description;
	enum mr_reg_anchor anchor;
	uint64_t base;
	unsigned int vendor;
	unsigned int device;
	unsigned int index;
	struct mr_pci_addr bdf;
	int bar;
	uint64_t size;
	size_t nregs;
	const struct mr_reg *const *regs;
	const char *file;
	unsigned int line;
};

/**
 * struct mr_reg_ref - what a name names, and where it is
 * @block: the block
 * @reg: the register, or NULL for a name of a whole block ("edu")
 * @field: the field, or NULL for a whole register ("edu.STATUS")
 * @phys: the register's physical address (mr_regs_resolve() only; else 0)
 * @width: bits of one access of the register
 * @mask: the bits named, in the register: the field's, or all the register's
 * @shift: the lowest of those bits
 */
struct mr_reg_ref {
	const struct mr_reg_block *block;
	const struct mr_reg *reg;
	const struct mr_reg_field *field;
	uint64_t phys;
	unsigned int width;
	uint64_t mask;
	unsigned int shift;
};

/* One problem found in a description, for mr_regs_set_report(). */
enum mr_regs_severity {
	MR_REGS_ERROR = 0, /* the file does not load */
	MR_REGS_WARNING,   /* it loads; the author may want to know */
};

typedef void (*mr_regs_report_fn)(enum mr_regs_severity severity, const char *file,
				  unsigned int line, const char *msg, void *arg);

/** mr_regs_new() - an empty set of descriptions; NULL (ENOMEM) if none. */
MR_REGS_API struct mr_regs *mr_regs_new(void);

/** mr_regs_free() - free a set and everything loaded into it; NULL is a no-op. */
MR_REGS_API void mr_regs_free(struct mr_regs *regs);

/**
 * mr_regs_errmsg() - the message of this thread's last failure
 *
 * "edu.regs:12: field IRQ: bits 35:32 past the register's 32 bits", ...
 */
MR_REGS_API const char *mr_regs_errmsg(void);

/**
 * mr_regs_set_report() - be told of every problem a load finds
 * @regs: the set
 * @fn: called once for each error and warning, in file order; NULL: none
 * @arg: passed to @fn
 *
 * A load stops at the first syntax error, but checks every block, register
 * and field it could read, so that one run lists every problem.
 */
MR_REGS_API void mr_regs_set_report(struct mr_regs *regs, mr_regs_report_fn fn, void *arg);

/**
 * mr_regs_load() - load a description file, or every one in a folder
 * @regs: the set
 * @path: a file (native YAML, CMSIS-SVD or IP-XACT: told apart by content),
 *        or a folder, whose *.regs, *.yaml, *.yml, *.svd and *.xml files
 *        load in name order
 *
 * All or nothing: on any error the set is as it was. A block whose name a
 * block already loaded has is an error.
 *
 * Return: 0, -ENOENT (no such file), -EINVAL (a problem in the file; the
 * message names file and line), -ENOMEM, or another -errno of reading.
 */
MR_REGS_API int mr_regs_load(struct mr_regs *regs, const char *path);

/**
 * mr_regs_load_text() - load a description held in memory
 * @regs: the set
 * @name: the name messages give it (a file name)
 * @text: the description, in any of the three formats
 * @len: its length in bytes
 *
 * Return: as mr_regs_load().
 */
MR_REGS_API int mr_regs_load_text(struct mr_regs *regs, const char *name, const char *text,
				  size_t len);

/**
 * mr_regs_load_path() - load each entry of a colon-separated list
 * @regs: the set
 * @list: files or folders, "a.regs:/usr/share/regs"; empty entries are skipped
 *
 * All or nothing, as mr_regs_load().
 *
 * Return: as mr_regs_load().
 */
MR_REGS_API int mr_regs_load_path(struct mr_regs *regs, const char *list);

/**
 * mr_regs_load_env() - load what the environment variable MEMREMAP_REGS names
 * @regs: the set
 *
 * Read with secure_getenv(3): a setuid or setgid program sees it unset.
 *
 * Return: 0 when it is unset or empty, else as mr_regs_load_path().
 */
MR_REGS_API int mr_regs_load_env(struct mr_regs *regs);

/**
 * mr_regs_block() - the @i-th block of a set, in load order
 * @regs: the set
 * @i: from 0
 *
 * Return: the block, or NULL past the last one.
 */
MR_REGS_API const struct mr_reg_block *mr_regs_block(const struct mr_regs *regs, size_t i);

/**
 * mr_regs_lookup() - what a name names
 * @regs: the set
 * @name: "BLOCK", "BLOCK.REG" or "BLOCK.REG:FIELD", in any case
 * @ref: out: block, register, field, width, mask and shift (@phys is 0)
 *
 * Return: 0, -ENOENT (no such block, register or field; the message says
 * which part), or -EINVAL (not a name of that form).
 */
MR_REGS_API int mr_regs_lookup(const struct mr_regs *regs, const char *name,
			       struct mr_reg_ref *ref);

/**
 * mr_regs_resolve() - what a name names, and its physical address
 * @regs: the set
 * @name: "BLOCK.REG" or "BLOCK.REG:FIELD"
 * @ref: out: as mr_regs_lookup(), with @phys
 *
 * Return: 0, an error of mr_regs_lookup(), -EINVAL for a name of a whole
 * block, or an error of mr_regs_block_base().
 */
MR_REGS_API int mr_regs_resolve(struct mr_regs *regs, const char *name, struct mr_reg_ref *ref);

/**
 * mr_regs_match() - every register or field whose name matches a pattern
 * @regs: the set
 * @pattern: a name with fnmatch(3) wildcards in any part: "edu.*",
 *           "edu.STATUS:*", "*.ID"; "BLOCK" alone means "BLOCK.*"
 * @fn: called for each match with its reference (@phys resolved when
 *      @resolve), in block, offset and bit order; a nonzero return stops
 *      the walk and is returned
 * @arg: passed to @fn
 * @resolve: fill @phys (a block that does not resolve fails the walk)
 *
 * Return: the number of matches (0 is not an error), @fn's nonzero
 * return, or -errno.
 */
MR_REGS_API int mr_regs_match(struct mr_regs *regs, const char *pattern,
			      int (*fn)(const struct mr_reg_ref *ref, void *arg), void *arg,
			      bool resolve);

/**
 * mr_regs_set_root() - where the PCI anchors are looked up
 * @regs: the set
 * @root: the folder that stands in for / (its sys/bus/pci/devices is read),
 *        "" for this computer's, or NULL: no PCI here (PCI-anchored blocks
 *        do not resolve)
 *
 * A new set looks in this computer's /sys. Resolved bases are forgotten.
 *
 * Return: 0 or -ENOMEM.
 */
MR_REGS_API int mr_regs_set_root(struct mr_regs *regs, const char *root);

/**
 * mr_regs_use_machine() - look up PCI anchors where a machine would
 * @regs: the set
 * @m: a linux machine (its root=DIR, if any, is used) or a sim machine (no
 *     PCI devices: only blocks with a base address, or one given with
 *     mr_regs_set_base(), resolve)
 *
 * Return: 0, -EINVAL for a NULL machine, or -ENOMEM.
 */
MR_REGS_API int mr_regs_use_machine(struct mr_regs *regs, const struct mr_machine *m);

/**
 * mr_regs_set_base() - anchor a block at a physical address
 * @regs: the set
 * @block: the block's name
 * @base: its physical address, whatever its description says
 *
 * For a device found another way (VFIO, a simulated device model), or a
 * description (IP-XACT) that gives only offsets.
 *
 * Return: 0 or -ENOENT (no such block).
 */
MR_REGS_API int mr_regs_set_base(struct mr_regs *regs, const char *block, uint64_t base);

/**
 * mr_regs_block_base() - the physical address of a block
 * @regs: the set
 * @block: one of its blocks
 * @base: out: its base address
 *
 * A PCI anchor is looked up once, in sys/bus/pci/devices under the root
 * (mr_regs_set_root()): the device by BDF or by vendor:device (the
 * @index-th in BDF order), then the start of BAR @bar in its "resource"
 * file, plus the block's offset in the BAR.
 *
 * Return: 0, -ENODEV (no such device, no such memory BAR, or no PCI on
 * this machine), -ERANGE (the block does not fit the BAR), or -errno of
 * reading sysfs.
 */
MR_REGS_API int mr_regs_block_base(struct mr_regs *regs, const struct mr_reg_block *block,
				   uint64_t *base);

/**
 * mr_regs_access_name() - "RW", "RO", "WO", "W1C", "W1S" or "RC"
 * @access: MR_REG_*
 *
 * Return: the name, or "?" for a value that is none of them.
 */
MR_REGS_API const char *mr_regs_access_name(enum mr_reg_access access);

/**
 * mr_regs_field_get() - a field's value in a register's value
 * @field: the field
 * @value: the whole register's value
 *
 * Return: (@value & @field->mask) >> @field->lsb
 */
MR_REGS_API uint64_t mr_regs_field_get(const struct mr_reg_field *field, uint64_t value);

/**
 * mr_regs_field_enum() - the name of a field's value
 * @field: the field
 * @value: the field's value (as mr_regs_field_get() gives it)
 *
 * Return: the enumerated value with that value, or NULL when none has it.
 */
MR_REGS_API const struct mr_reg_enum *mr_regs_field_enum(const struct mr_reg_field *field,
							 uint64_t value);

/**
 * mr_regs_parse_value() - read a value for a field: a number or a name
 * @field: the field, or NULL for a whole register
 * @reg: the register (for its width)
 * @text: "1", "0x1f", or the name of one of @field's enumerated values
 * @value: out: the value, in the field's own bits
 *
 * Return: 0, -EINVAL (neither a number nor a name of a value), or -ERANGE
 * (wider than the field or register).
 */
MR_REGS_API int mr_regs_parse_value(const struct mr_reg_field *field, const struct mr_reg *reg,
				    const char *text, uint64_t *value);

/**
 * mr_regs_keep_mask() - the bits a write of one field carries over
 * @field: the field being written
 *
 * A read-modify-write of one field writes back the register's other bits as
 * they were read, except bits where writing back what was read would act
 * (W1C and W1S: 0 is written) or where a read says nothing (WO: the reset
 * value, else 0, is written).
 *
 * Return: the bits of the current value the write keeps; 0 means the write
 * needs no read first.
 */
MR_REGS_API uint64_t mr_regs_keep_mask(const struct mr_reg_field *field);

/**
 * mr_regs_encode() - the register value that writes one field
 * @field: the field
 * @current: the register's value as read (ignored where
 *           mr_regs_keep_mask() is 0)
 * @value: the field's new value, in its own bits
 * @out: out: the value to write to the whole register
 *
 * Return: 0, -ERANGE (@value wider than the field), or -EACCES (the field
 * is RO or RC: a write does not change it).
 */
MR_REGS_API int mr_regs_encode(const struct mr_reg_field *field, uint64_t current, uint64_t value,
			       uint64_t *out);

/**
 * mr_regs_format() - a register's value decoded, on one line
 * @reg: the register
 * @value: its value
 * @buf: out: "COMPUTING=0 IRQ=1(ON)", fields lowest bit first; "" for a
 *       register without fields
 * @len: size of @buf
 *
 * Return: the length of the whole text, as snprintf(3) (a return >= @len
 * means @buf holds a truncated text).
 */
MR_REGS_API int mr_regs_format(const struct mr_reg *reg, uint64_t value, char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* MEMREMAP_REGS_H */
