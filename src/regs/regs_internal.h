/* SPDX-License-Identifier: MIT */
/*
 * libmemremap-regs inside: the model the three formats load into, and the
 * load context the parsers report through.
 */
#ifndef MR_REGS_INTERNAL_H
#define MR_REGS_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <memremap/regs.h>

#define MR__REGS_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* A file larger than this is not a register description (the largest SVDs are ~30 MiB). */
#define MR__REGS_FILE_MAX (64UL << 20)
/* Objects one load may make: bounds what YAML aliases and SVD arrays expand to. */
#define MR__REGS_OBJECTS_MAX (1UL << 20)

/* ------------------------------------------------------------- allocation */

/*
 * Every allocation of the library goes through these, so that a test can
 * make the Nth one fail (tests/unit/test_regs.c). Not exported.
 */
extern void *(*mr__regs_malloc_hook)(size_t n);
void *mr__regs_alloc(size_t n); /* zeroed */
void *mr__regs_grow(void *p, size_t *cap, size_t n, size_t size);
char *mr__regs_strndup(const char *s, size_t n);
char *mr__regs_strdup(const char *s);

/* A growable array of pointers. */
struct mr__vec {
	void **v;
	size_t n, cap;
};

int mr__vec_push(struct mr__vec *vec, void *p);

/* ----------------------------------------------------------------- model */

struct mr__field {
	struct mr_reg_field pub;
	struct mr__vec values; /* struct mr_reg_enum * */
	bool has_access;
};

struct mr__reg {
	struct mr_reg pub;
	struct mr__vec fields; /* struct mr__field * */
	char *alternate;       /* may share its offset with this register */
	bool has_access, has_width;
};

struct mr__block {
	struct mr_reg_block pub;
	struct mr__vec regs; /* struct mr__reg * */
	bool has_size;
	bool resolved;		   /* @phys is known */
	bool pinned;		   /* @phys given by mr_regs_set_base(): kept */
	uint64_t phys;		   /* the base, resolved or set */
	unsigned int width;	   /* default register width, bits */
	enum mr_reg_access access; /* default register access */
};

/* One loaded file: owns its name and its blocks. */
struct mr__doc {
	char *file;
	struct mr__vec blocks; /* struct mr__block * */
};

struct mr_regs {
	struct mr__vec docs;   /* struct mr__doc * */
	struct mr__vec blocks; /* every doc's blocks, in load order */
	char *root;	       /* NULL: no PCI; "": this computer */
	mr_regs_report_fn report;
	void *report_arg;
};

/* ------------------------------------------------------------------ load */

/* What a parser fills and reports through. */
struct mr__load {
	struct mr_regs *regs;
	struct mr__doc *doc;
	unsigned int errors;
	unsigned int first_line; /* of the error in the errmsg: the lowest line */
	unsigned long objects;	 /* made so far, against MR__REGS_OBJECTS_MAX */
	bool oom;
	struct mr__vec diags; /* struct mr__diag *, for the report hook in line order */
};

/*
 * "file:line: message": the error with the lowest line goes to the errmsg;
 * with a report hook, every problem is kept for mr__regs_report().
 */
void mr__regs_diag(struct mr__load *ld, enum mr_regs_severity sev, unsigned int line,
		   const char *fmt, ...) MR__REGS_PRINTF(4, 5);
/* Hand the kept problems to the report hook, in line order, and drop them. */
void mr__regs_report(struct mr__load *ld);
/* Count an object made; false (and an error) past the bound. */
bool mr__regs_count(struct mr__load *ld, unsigned int line);
/* Out of memory: noted once, the load fails with ENOMEM. */
void mr__regs_oom(struct mr__load *ld);

struct mr__block *mr__regs_block_new(struct mr__load *ld, const char *name, size_t nlen,
				     unsigned int line);
struct mr__reg *mr__regs_reg_new(struct mr__load *ld, struct mr__block *b, const char *name,
				 size_t nlen, unsigned int line);
struct mr__field *mr__regs_field_new(struct mr__load *ld, struct mr__reg *r, const char *name,
				     size_t nlen, unsigned int line);
struct mr_reg_enum *mr__regs_enum_new(struct mr__load *ld, struct mr__field *f, const char *name,
				      size_t nlen, unsigned int line);
/* Set a description once (the first one wins); false on ENOMEM. */
bool mr__regs_set_text(struct mr__load *ld, const char **dst, const char *s, size_t n);
/* A deep copy of @src's registers into @dst (SVD derivedFrom). */
bool mr__regs_block_copy_regs(struct mr__load *ld, struct mr__block *dst,
			      const struct mr__block *src);

/* Inherit defaults, sort, compute masks and sizes, check everything. */
void mr__regs_finish_doc(struct mr__load *ld);
void mr__regs_doc_free(struct mr__doc *doc);

/* The parsers: each fills ld->doc from @text or reports why not. */
void mr__regs_parse_native(struct mr__load *ld, const char *text, size_t len);
void mr__regs_parse_xml(struct mr__load *ld, const char *text, size_t len);

/* ---------------------------------------------------------- small parts */

/* Access names of all three formats ("RW", "read-only", "W1C", ...); -1 if unknown. */
int mr__regs_access_parse(const char *s, size_t n);
/* A number: decimal, 0x hex, 0b binary, Verilog 'h/'d/'b, "#" SVD binary; false if not. */
bool mr__regs_number(const char *s, size_t n, uint64_t *v);

/* Errors of the calls that are not loads. */
int mr__regs_err(int err, const char *fmt, ...) MR__REGS_PRINTF(2, 3);

#endif /* MR_REGS_INTERNAL_H */
