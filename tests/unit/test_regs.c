// SPDX-License-Identifier: MIT
/*
 * libmemremap-regs: the edu device in all three formats loads into the same
 * model; names resolve to address, width, mask and shift; values decode and
 * a field's write keeps W1C, W1S and WO bits alone; every kind of malformed
 * description fails with its file and line and leaves the set as it was;
 * PCI anchors resolve through a fake sysfs tree; allocation failure at each
 * point leaves nothing behind.
 */
#include <ftw.h>
#include <sys/stat.h>

#include <memremap/regs.h>

#include "mr_test.h"
#include "regs_internal.h"

#define DATA MR_TEST_DATA "/regs/"

static struct mr_regs *load(const char *file)
{
	struct mr_regs *regs = mr_regs_new();

	assert_non_null(regs);
	if (mr_regs_load(regs, file))
		fail_msg("mr_regs_load(%s): %s", file, mr_regs_errmsg());
	return regs;
}

static const struct mr_reg *reg_of(struct mr_regs *regs, const char *name)
{
	struct mr_reg_ref ref;

	if (mr_regs_lookup(regs, name, &ref))
		fail_msg("%s: %s", name, mr_regs_errmsg());
	return ref.reg;
}

/* ------------------------------------------------------------- the model */

static void test_native_edu(void **state)
{
	struct mr_regs *regs = load(DATA "edu.regs");
	const struct mr_reg_block *b = mr_regs_block(regs, 0);
	const struct mr_reg *r;
	struct mr_reg_ref ref;

	(void)state;
	assert_non_null(b);
	assert_null(mr_regs_block(regs, 1));
	assert_string_equal(b->name, "edu");
	assert_int_equal(b->anchor, MR_REG_ANCHOR_PCI_ID);
	assert_int_equal(b->vendor, 0x1234);
	assert_int_equal(b->device, 0x11e8);
	assert_int_equal(b->bar, 0);
	assert_int_equal(b->nregs, 11);
	assert_int_equal(b->size, 0xa0);
	assert_int_equal(b->line, 4);

	assert_int_equal(mr_regs_lookup(regs, "edu.STATUS:IRQ", &ref), 0);
	assert_ptr_equal(ref.block, b);
	assert_string_equal(ref.reg->name, "STATUS");
	assert_int_equal(ref.reg->offset, 0x20);
	assert_int_equal(ref.width, 32);
	assert_int_equal(ref.mask, 0x80);
	assert_int_equal(ref.shift, 7);
	assert_int_equal(ref.phys, 0);
	assert_int_equal(ref.field->access, MR_REG_RW);
	assert_int_equal(ref.field->nvalues, 2);
	assert_string_equal(ref.field->values[1]->name, "ON");

	/* Case does not matter; the whole register is every bit of it. */
	assert_int_equal(mr_regs_lookup(regs, "EDU.dma_cmd", &ref), 0);
	assert_null(ref.field);
	assert_int_equal(ref.width, 64);
	assert_int_equal(ref.mask, UINT64_MAX);

	r = reg_of(regs, "edu.ID");
	assert_int_equal(r->access, MR_REG_RO);
	assert_int_equal(r->reset, 0x010000ed);
	assert_int_equal(r->reset_mask, 0xffffffff);
	/* Fields come lowest bit first, whatever order the file gave. */
	assert_string_equal(r->fields[0]->name, "MAGIC");
	assert_string_equal(r->fields[2]->name, "MAJOR");
	assert_int_equal(r->fields[2]->mask, 0xff000000);
	assert_int_equal(r->fields[2]->access, MR_REG_RO); /* inherited */
	assert_int_equal(reg_of(regs, "edu.FACTORIAL")->reset_mask, 0);
	assert_int_equal(reg_of(regs, "edu.IRQ_ACK")->access, MR_REG_WO);
	mr_regs_free(regs);
}

static void same_field(const struct mr_reg_field *a, const struct mr_reg_field *b)
{
	size_t i;

	assert_string_equal(a->name, b->name);
	assert_int_equal(a->lsb, b->lsb);
	assert_int_equal(a->width, b->width);
	assert_int_equal(a->mask, b->mask);
	assert_int_equal(a->access, b->access);
	assert_int_equal(a->nvalues, b->nvalues);
	for (i = 0; i < a->nvalues; i++) {
		assert_string_equal(a->values[i]->name, b->values[i]->name);
		assert_int_equal(a->values[i]->value, b->values[i]->value);
	}
}

/* The native file and the SVD say the same thing: one model. */
static void test_svd_edu_same_model(void **state)
{
	struct mr_regs *n = load(DATA "edu.regs"), *s = load(DATA "edu.svd");
	const struct mr_reg_block *a = mr_regs_block(n, 0), *b = mr_regs_block(s, 0);
	size_t i, j;

	(void)state;
	assert_string_equal(b->name, "edu");
	assert_int_equal(b->anchor, MR_REG_ANCHOR_BASE);
	assert_int_equal(b->base, 0xfe000000);
	assert_int_equal(b->nregs, a->nregs);
	for (i = 0; i < a->nregs; i++) {
		const struct mr_reg *x = a->regs[i], *y = b->regs[i];

		assert_string_equal(x->name, y->name);
		assert_int_equal(x->offset, y->offset);
		assert_int_equal(x->width, y->width);
		assert_int_equal(x->access, y->access);
		assert_int_equal(x->reset, y->reset);
		assert_int_equal(x->reset_mask, y->reset_mask);
		assert_string_equal(x->description, y->description);
		assert_int_equal(x->nfields, y->nfields);
		for (j = 0; j < x->nfields; j++)
			same_field(x->fields[j], y->fields[j]);
	}
	mr_regs_free(n);
	mr_regs_free(s);
}

static void test_ipxact_edu(void **state)
{
	struct mr_regs *regs = load(DATA "edu.ipxact.xml");
	const struct mr_reg_block *b = mr_regs_block(regs, 0);
	struct mr_reg_ref ref;
	uint64_t base;

	(void)state;
	assert_string_equal(b->name, "edu"); /* one address block: the component's name */
	assert_int_equal(b->anchor, MR_REG_ANCHOR_NONE);
	assert_int_equal(b->size, 0x100000);
	assert_int_equal(reg_of(regs, "edu.ID")->reset, 0x010000ed);
	assert_int_equal(mr_regs_lookup(regs, "edu.STATUS:COMPUTING", &ref), 0);
	assert_int_equal(ref.field->access, MR_REG_RO);
	assert_int_equal(mr_regs_lookup(regs, "edu.ID:MAGIC", &ref), 0);
	assert_int_equal(ref.field->values[0]->value, 0xed);
	/* Anchored nowhere until told. */
	assert_int_equal(mr_regs_resolve(regs, "edu.STATUS", &ref), -ENODEV);
	assert_non_null(strstr(mr_regs_errmsg(), "no address"));
	assert_int_equal(mr_regs_set_base(regs, "EDU", 0xfea00000), 0);
	assert_int_equal(mr_regs_resolve(regs, "edu.STATUS", &ref), 0);
	assert_int_equal(ref.phys, 0xfea00020);
	assert_int_equal(mr_regs_block_base(regs, b, &base), 0);
	assert_int_equal(base, 0xfea00000);
	assert_int_equal(mr_regs_set_base(regs, "nosuch", 0), -ENOENT);
	mr_regs_free(regs);
}

/* SVD's inheritance, side effects, arrays, clusters and derivedFrom. */
static const char svd_features[] =
	"<device><name>X</name><size>16</size><access>read-only</access>"
	"<resetValue>0xffff</resetValue><resetMask>0x00ff</resetMask>\n"
	"<peripherals>\n"
	"<peripheral><name>UART0</name><baseAddress>0x40000000</baseAddress>\n"
	"<size>32</size><access>read-write</access>\n"
	"<registers>\n"
	"<register><name>SR</name><addressOffset>0</addressOffset>\n"
	"<fields><field><name>OVR</name><bitOffset>3</bitOffset><bitWidth>1</bitWidth>"
	"<modifiedWriteValues>oneToClear</modifiedWriteValues></field>\n"
	"<field><name>RXNE</name><bitOffset>5</bitOffset><bitWidth>1</bitWidth>"
	"<readAction>clear</readAction></field>\n"
	"<field><name>GO</name><bitOffset>6</bitOffset><bitWidth>1</bitWidth>"
	"<modifiedWriteValues>oneToSet</modifiedWriteValues></field></fields></register>\n"
	"<register><dim>4</dim><dimIncrement>4</dimIncrement><name>DATA%s</name>"
	"<addressOffset>0x10</addressOffset></register>\n"
	"<register><dim>2</dim><dimIncrement>2</dimIncrement><dimIndex>A,B</dimIndex>"
	"<name>H_%s</name><size>16</size><addressOffset>0x20</addressOffset></register>\n"
	"<cluster><name>CH</name><addressOffset>0x40</addressOffset>"
	"<register><name>CFG</name><addressOffset>4</addressOffset></register></cluster>\n"
	"<register><name>RBR</name><addressOffset>0x50</addressOffset></register>\n"
	"<register><name>THR</name><addressOffset>0x50</addressOffset>"
	"<alternateRegister>RBR</alternateRegister></register>\n"
	"</registers></peripheral>\n"
	"<peripheral derivedFrom=\"UART0\"><name>UART1</name>"
	"<baseAddress>0x40001000</baseAddress></peripheral>\n"
	"<peripheral><name>ROM</name><baseAddress>0x0</baseAddress><registers>"
	"<register><name>R</name><addressOffset>0</addressOffset></register>"
	"</registers></peripheral>\n"
	"</peripherals></device>\n";

static void test_svd_features(void **state)
{
	struct mr_regs *regs = mr_regs_new();
	struct mr_reg_ref ref;
	const struct mr_reg *r;

	(void)state;
	if (mr_regs_load_text(regs, "f.svd", svd_features, strlen(svd_features)))
		fail_msg("%s", mr_regs_errmsg());
	assert_int_equal(mr_regs_lookup(regs, "UART0.SR:OVR", &ref), 0);
	assert_int_equal(ref.field->access, MR_REG_W1C);
	assert_int_equal(mr_regs_lookup(regs, "UART0.SR:RXNE", &ref), 0);
	assert_int_equal(ref.field->access, MR_REG_RC);
	assert_int_equal(mr_regs_lookup(regs, "UART0.SR:GO", &ref), 0);
	assert_int_equal(ref.field->access, MR_REG_W1S);
	r = reg_of(regs, "UART0.DATA3");
	assert_int_equal(r->offset, 0x1c);
	assert_int_equal(r->width, 32);
	assert_int_equal(r->access, MR_REG_RW);
	/* The device's reset value and mask, through the peripheral. */
	assert_int_equal(r->reset_mask, 0xff);
	assert_int_equal(r->reset, 0xff);
	assert_int_equal(reg_of(regs, "UART0.H_B")->offset, 0x22);
	assert_int_equal(reg_of(regs, "UART0.H_B")->width, 16);
	assert_int_equal(reg_of(regs, "UART0.CH_CFG")->offset, 0x44);
	assert_int_equal(reg_of(regs, "UART1.DATA2")->offset, 0x18);
	assert_int_equal(reg_of(regs, "UART1.THR")->offset, 0x50);
	assert_int_equal(mr_regs_resolve(regs, "UART1.SR", &ref), 0);
	assert_int_equal(ref.phys, 0x40001000);
	/* The device's defaults where the peripheral gives none. */
	r = reg_of(regs, "ROM.R");
	assert_int_equal(r->width, 16);
	assert_int_equal(r->access, MR_REG_RO);
	mr_regs_free(regs);
}

/* ------------------------------------------------------ names and values */

static int count_cb(const struct mr_reg_ref *ref, void *arg)
{
	char *names = arg;

	strcat(names, ref->reg->name);
	if (ref->field) {
		strcat(names, ":");
		strcat(names, ref->field->name);
	}
	strcat(names, " ");
	return 0;
}

static int stop_cb(const struct mr_reg_ref *ref, void *arg)
{
	(void)ref;
	(void)arg;
	return 42;
}

static void test_match(void **state)
{
	struct mr_regs *regs = load(DATA "edu.svd");
	char names[1024] = "";

	(void)state;
	assert_int_equal(mr_regs_match(regs, "edu.*", count_cb, names, true), 11);
	assert_non_null(strstr(names, "ID LIVENESS FACTORIAL STATUS"));
	names[0] = '\0';
	assert_int_equal(mr_regs_match(regs, "edu", count_cb, names, false), 11);
	names[0] = '\0';
	assert_int_equal(mr_regs_match(regs, "edu.STATUS:*", count_cb, names, false), 2);
	assert_string_equal(names, "STATUS:COMPUTING STATUS:IRQ ");
	names[0] = '\0';
	assert_int_equal(mr_regs_match(regs, "*.dma_*", count_cb, names, false), 4);
	names[0] = '\0';
	assert_int_equal(mr_regs_match(regs, "edu.*:IRQ", count_cb, names, false), 2);
	assert_string_equal(names, "STATUS:IRQ DMA_CMD:IRQ ");
	assert_int_equal(mr_regs_match(regs, "nosuch.*", count_cb, names, false), 0);
	assert_int_equal(mr_regs_match(regs, "edu.*", stop_cb, NULL, false), 42);
	assert_int_equal(mr_regs_match(regs, ":x", count_cb, names, false), -EINVAL);
	mr_regs_free(regs);
}

static void test_lookup_errors(void **state)
{
	struct mr_regs *regs = load(DATA "edu.svd");
	struct mr_reg_ref ref;

	(void)state;
	assert_int_equal(mr_regs_lookup(regs, "nosuch.ID", &ref), -ENOENT);
	assert_non_null(strstr(mr_regs_errmsg(), "no block 'nosuch'"));
	assert_int_equal(mr_regs_lookup(regs, "edu.NOPE", &ref), -ENOENT);
	assert_non_null(strstr(mr_regs_errmsg(), "no register 'NOPE'"));
	assert_int_equal(mr_regs_lookup(regs, "edu.STATUS:NOPE", &ref), -ENOENT);
	assert_non_null(strstr(mr_regs_errmsg(), "no field 'NOPE'"));
	assert_int_equal(mr_regs_lookup(regs, "edu:IRQ", &ref), -EINVAL);
	assert_int_equal(mr_regs_lookup(regs, "edu.", &ref), -EINVAL);
	assert_int_equal(mr_regs_lookup(regs, "", &ref), -EINVAL);
	assert_int_equal(mr_regs_lookup(regs, "edu", &ref), 0);
	assert_null(ref.reg);
	assert_int_equal(mr_regs_resolve(regs, "edu", &ref), -EINVAL);
	assert_non_null(strstr(mr_regs_errmsg(), "edu.*"));
	assert_int_equal(mr_regs_resolve(regs, "edu.DMA_CMD:IRQ", &ref), 0);
	assert_int_equal(ref.phys, 0xfe000098);
	assert_int_equal(ref.mask, 4);
	assert_int_equal(ref.shift, 2);
	mr_regs_free(regs);
}

static void test_values(void **state)
{
	struct mr_regs *regs = load(DATA "edu.regs");
	struct mr_reg_ref ref;
	uint64_t v;
	char buf[128];

	(void)state;
	assert_int_equal(mr_regs_lookup(regs, "edu.STATUS:IRQ", &ref), 0);
	assert_int_equal(mr_regs_parse_value(ref.field, ref.reg, "on", &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(mr_regs_parse_value(ref.field, ref.reg, "0x1", &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(mr_regs_parse_value(ref.field, ref.reg, "2", &v), -ERANGE);
	assert_int_equal(mr_regs_parse_value(ref.field, ref.reg, "maybe", &v), -EINVAL);
	assert_non_null(strstr(mr_regs_errmsg(), "OFF"));
	assert_int_equal(mr_regs_parse_value(NULL, ref.reg, "0xffffffff", &v), 0);
	assert_int_equal(mr_regs_parse_value(NULL, ref.reg, "0x100000000", &v), -ERANGE);

	assert_int_equal(mr_regs_field_get(ref.field, 0x81), 1);
	assert_string_equal(mr_regs_field_enum(ref.field, 1)->name, "ON");
	assert_null(mr_regs_field_enum(ref.field, 7));
	assert_int_equal(mr_regs_format(ref.reg, 0x81, buf, sizeof(buf)), 27);
	assert_string_equal(buf, "COMPUTING=1(BUSY) IRQ=1(ON)");
	assert_int_equal(mr_regs_format(reg_of(regs, "edu.ID"), 0x010000ed, buf, sizeof(buf)), 35);
	assert_string_equal(buf, "MAGIC=0xed(EDU) MINOR=0x0 MAJOR=0x1");
	/* Truncation: the whole length, as snprintf. */
	assert_int_equal(mr_regs_format(reg_of(regs, "edu.ID"), 0x010000ed, buf, 8), 35);
	assert_string_equal(buf, "MAGIC=0");
	assert_int_equal(mr_regs_format(reg_of(regs, "edu.LIVENESS"), 5, buf, sizeof(buf)), 0);
	assert_string_equal(mr_regs_access_name(MR_REG_W1C), "W1C");
	assert_string_equal(mr_regs_access_name((enum mr_reg_access)99), "?");
	mr_regs_free(regs);
}

/* A read-modify-write of one field keeps other bits, but never re-acts on them. */
static const char rmw_text[] = "dev:\n"
			       "  base: 0x1000\n"
			       "  registers:\n"
			       "    CTRL:\n"
			       "      offset: 0\n"
			       "      reset: 0xa000\n"
			       "      fields:\n"
			       "        ENABLE: 0\n"
			       "        MODE: {bits: 3:1, values: {SLOW: 0, FAST: 5}}\n"
			       "        DONE: {bits: 4, access: W1C}\n"
			       "        KICK: {bits: 5, access: W1S}\n"
			       "        KEY: {bits: 15:12, access: WO}\n"
			       "        VER: {bits: 31:24, access: RO}\n"
			       "        LATCH: {bits: 23, access: RC}\n"
			       "    PULSE:\n"
			       "      offset: 4\n"
			       "      access: WO\n"
			       "      fields:\n"
			       "        GO: 0\n";

static void test_encode(void **state)
{
	struct mr_regs *regs = mr_regs_new();
	struct mr_reg_ref ref;
	uint64_t out;

	(void)state;
	assert_int_equal(mr_regs_load_text(regs, "rmw.regs", rmw_text, strlen(rmw_text)), 0);
	assert_int_equal(mr_regs_lookup(regs, "dev.CTRL:ENABLE", &ref), 0);
	/* Keeps MODE, VER, LATCH and the bits no field names; not DONE, KICK, KEY. */
	assert_int_equal(mr_regs_keep_mask(ref.field), 0xffff0fce);
	/* KEY is write-only: written as it comes out of reset (0xa). */
	assert_int_equal(mr_regs_encode(ref.field, 0x12345ffe, 1, &out), 0);
	assert_int_equal(out, 0x1234afcf);
	assert_int_equal(mr_regs_encode(ref.field, 0, 2, &out), -ERANGE);
	assert_int_equal(mr_regs_lookup(regs, "dev.CTRL:MODE", &ref), 0);
	assert_int_equal(mr_regs_encode(ref.field, 0x31, 5, &out), 0);
	assert_int_equal(out, 0xa00b);
	/* Writing a W1C field writes its 1 and nothing else of the kind. */
	assert_int_equal(mr_regs_lookup(regs, "dev.CTRL:DONE", &ref), 0);
	assert_int_equal(mr_regs_encode(ref.field, 0x30, 1, &out), 0);
	assert_int_equal(out, 0xa010);
	assert_int_equal(mr_regs_lookup(regs, "dev.CTRL:VER", &ref), 0);
	assert_int_equal(mr_regs_encode(ref.field, 0, 1, &out), -EACCES);
	assert_non_null(strstr(mr_regs_errmsg(), "RO"));
	assert_int_equal(mr_regs_lookup(regs, "dev.CTRL:LATCH", &ref), 0);
	assert_int_equal(mr_regs_encode(ref.field, 0, 1, &out), -EACCES);
	/* A write-only register: nothing to read first. */
	assert_int_equal(mr_regs_lookup(regs, "dev.PULSE:GO", &ref), 0);
	assert_int_equal(mr_regs_keep_mask(ref.field), 0);
	assert_int_equal(mr_regs_encode(ref.field, 0xdeadbeef, 1, &out), 0);
	assert_int_equal(out, 1);
	mr_regs_free(regs);
}

/* ------------------------------------------------------ malformed files */

struct bad {
	const char *name;
	const char *text;
	unsigned int line; /* the line the first message names; 0: none */
	const char *msg;
};

#define BASE  "d:\n  base: 0x1000\n"
#define REGS  BASE "  registers:\n"
#define EDU_R "    R:\n      offset: 0\n"

static const struct bad bad_native[] = {
	{"yaml syntax", "d: [1, 2\n", 2, "YAML: "},
	{"yaml tab", "d:\n\tbase: 1\n", 2, "YAML: "},
	{"empty", "", 0, "empty"},
	{"top not mapping", "- a\n- b\n", 1, "expected a mapping"},
	{"block not mapping", "d: 5\n", 1, "expected a mapping"},
	{"bad block name", "d.x:\n  base: 0\n", 1, "block name 'd.x'"},
	{"no anchor", "d:\n  registers: {R: 0}\n", 1, "either a base address"},
	{"two anchors", "d:\n  base: 0\n  pci: 1234:11e8\n  registers: {R: 0}\n", 1,
	 "either a base address"},
	{"bad pci", "d:\n  pci: 1234-11e8\n  registers: {R: 0}\n", 2, "pci '1234-11e8'"},
	{"bar past 5", "d:\n  pci: 00:03.0\n  bar: 6\n  registers: {R: 0}\n", 3, "BARs are 0 to 5"},
	{"bar with base", "d:\n  base: 0\n  bar: 1\n  registers: {R: 0}\n", 1, "go with pci"},
	{"unknown block key", BASE "  regsiters: {}\n", 3, "unknown key 'regsiters'"},
	{"bad base", "d:\n  base: 0xfoo\n", 2, "'0xfoo' is not a number"},
	{"base overflow", "d:\n  base: 0x10000000000000000\n", 2, "not a number"},
	{"bad width", BASE "  width: 24\n  registers: {R: 0}\n", 3, "not 8, 16, 32 or 64"},
	{"unknown access", REGS EDU_R "      access: RWX\n", 6, "unknown access 'RWX'"},
	{"reg no offset", REGS "    R: {width: 32}\n", 4, "no offset"},
	{"reg list", REGS "    R: [1, 2]\n", 4, "expected a mapping, found a list"},
	{"unknown reg key", REGS EDU_R "      rest: 0\n", 6, "unknown key 'rest'"},
	{"reset too wide", REGS EDU_R "      width: 8\n      reset: 0x100\n", 4,
	 "reset value 0x100 wider than its 8 bits"},
	{"regs overlap", REGS EDU_R "    S: {offset: 2, width: 16}\n", 6, "overlaps R"},
	{"regs overlap 64", REGS "    A: {offset: 0, width: 64}\n    B: 4\n", 5, "overlaps A"},
	{"dup register", REGS EDU_R "    r: 8\n", 6, "register r: a second time (first at line 4)"},
	{"past size", BASE "  size: 4\n  registers:\n    R: 4\n", 5, "past the block's size"},
	{"field past width", REGS EDU_R "      fields: {F: 32}\n", 6,
	 "bits 32:32 past the register's 32 bits"},
	{"field range past", REGS EDU_R "      width: 16\n      fields: {F: 20:8}\n", 7,
	 "bits 20:8 past the register's 16 bits"},
	{"field past 63", REGS EDU_R "      fields: {F: 99:64}\n", 6, "past bit 63"},
	{"fields overlap", REGS EDU_R "      fields:\n        A: 7:0\n        B: 4\n", 8,
	 "overlap field A"},
	{"dup field", REGS EDU_R "      fields:\n        A: 0\n        a: 1\n", 8,
	 "field d.R:a: a second time"},
	{"bad bits", REGS EDU_R "      fields: {F: seven}\n", 6, "expected a bit"},
	{"field no bits", REGS EDU_R "      fields: {F: {access: RO}}\n", 6, "no bits"},
	{"field bad access", REGS EDU_R "      fields: {F: {bits: 1, access: R/W}}\n", 6,
	 "unknown access 'R/W'"},
	{"value too wide", REGS EDU_R "      fields: {F: {bits: 1, values: {TWO: 2}}}\n", 6,
	 "value TWO = 0x2 does not fit the field's 1 bits"},
	{"dup value", REGS EDU_R "      fields: {F: {bits: 1:0, values: {A: 0, a: 1}}}\n", 6,
	 "field d.R:F value a: a second time"},
	{"value not number", REGS EDU_R "      fields: {F: {bits: 1, values: {A: yes}}}\n", 6,
	 "'yes' is not a number"},
	{"second document", REGS "    R: 0\n---\ne: {}\n", 6, "a second YAML document"},
	{"bad name chars", REGS "    'R:X': 0\n", 4, "register name 'R:X'"},
	{"description list", BASE "  description: [a]\n", 3, "expected a value, found a list"},
	{"key is mapping", BASE "  {a: 1}: 2\n", 3, "a key must be a name"},
	{"xml syntax", "<device><name>x</name>\n<peripherals>\n</device>\n", 3, "XML: "},
	{"xml doctype", "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY a \"aaaa\">]>\n<device/>\n",
	 0, "DOCTYPE"},
	{"xml unknown root", "<chip/>\n", 1, "neither CMSIS-SVD"},
	{"svd no peripherals", "<device><name>x</name></device>\n", 1, "no <peripherals>"},
	{"svd no base",
	 "<device><peripherals>\n<peripheral><name>P</name></peripheral></peripherals></device>", 2,
	 "no <baseAddress>"},
	{"svd no name",
	 "<device><peripherals>\n<peripheral><baseAddress>0</baseAddress></peripheral>"
	 "</peripherals></device>",
	 2, "peripheral without a <name>"},
	{"svd bad derived",
	 "<device><peripherals>\n<peripheral derivedFrom=\"Q\"><name>P</name></peripheral>"
	 "</peripherals></device>",
	 2, "derivedFrom 'Q'"},
	{"svd bad number",
	 "<device><peripherals><peripheral><name>P</name>\n<baseAddress>zz</baseAddress>"
	 "</peripheral></peripherals></device>",
	 2, "<baseAddress> 'zz' is not a number"},
	{"svd bad access",
	 "<device><peripherals><peripheral><name>P</name><baseAddress>0</baseAddress><registers>\n"
	 "<register><name>R</name><addressOffset>0</addressOffset>\n<access>readwrite</access>"
	 "</register></registers></peripheral></peripherals></device>",
	 3, "unknown access 'readwrite'"},
	{"svd field past",
	 "<device><peripherals><peripheral><name>P</name><baseAddress>0</baseAddress><registers>\n"
	 "<register><name>R</name><addressOffset>0</addressOffset><size>8</size><fields>\n"
	 "<field><name>F</name><bitRange>[9:8]</bitRange></field>"
	 "</fields></register></registers></peripheral></peripherals></device>",
	 3, "bits 9:8 past the register's 8 bits"},
	{"svd dim zero",
	 "<device><peripherals><peripheral><name>P</name><baseAddress>0</baseAddress><registers>\n"
	 "<register><dim>0</dim><dimIncrement>4</dimIncrement><name>R%s</name>"
	 "<addressOffset>0</addressOffset></register></registers></peripheral></peripherals>"
	 "</device>",
	 2, "dim 0"},
	{"svd overlap",
	 "<device><peripherals><peripheral><name>P</name><baseAddress>0</baseAddress><registers>\n"
	 "<register><name>A</name><addressOffset>0</addressOffset></register>\n"
	 "<register><name>B</name><addressOffset>2</addressOffset></register>"
	 "</registers></peripheral></peripherals></device>",
	 3, "overlaps A"},
	{"ipxact no maps", "<component><name>c</name></component>", 1, "no <memoryMaps>"},
	{"empty mapping", "\xef\xbb\xbf\n{}", 0, "no blocks described"},
	{"svd colon in name",
	 "<device><peripherals><peripheral><name>P</name><baseAddress>0</baseAddress><registers>\n"
	 "<register><name>A:B</name><addressOffset>0</addressOffset></register>"
	 "</registers></peripheral></peripherals></device>",
	 2, "register name 'A:B'"},
	{"svd dot in peripheral",
	 "<device><peripherals>\n<peripheral><name>P.Q</name><baseAddress>0</baseAddress>"
	 "</peripheral></peripherals></device>",
	 2, "block name 'P.Q'"},
};

static void test_bad_native(void **state)
{
	struct mr_regs *regs = load(DATA "edu.regs");
	char want[64];
	size_t i;
	int ret;

	(void)state;
	for (i = 0; i < sizeof(bad_native) / sizeof(bad_native[0]); i++) {
		const struct bad *t = &bad_native[i];

		errno = 0;
		ret = mr_regs_load_text(regs, "bad.regs", t->text, strlen(t->text));
		if (ret != -EINVAL || errno != EINVAL)
			fail_msg("%s: returned %d (errno %d): %s", t->name, ret, errno,
				 mr_regs_errmsg());
		if (t->line)
			snprintf(want, sizeof(want), "bad.regs:%u: ", t->line);
		else
			snprintf(want, sizeof(want), "bad.regs: ");
		if (strncmp(mr_regs_errmsg(), want, strlen(want)) ||
		    !strstr(mr_regs_errmsg(), t->msg))
			fail_msg("%s: message '%s', wanted '%s...%s'", t->name, mr_regs_errmsg(),
				 want, t->msg);
		/* Nothing changed: still the one block, and it still answers. */
		assert_non_null(mr_regs_block(regs, 0));
		assert_null(mr_regs_block(regs, 1));
		assert_int_equal(reg_of(regs, "edu.STATUS")->offset, 0x20);
	}
	mr_regs_free(regs);
}

struct collected {
	int errors, warnings;
	char text[2048];
};

static void collect(enum mr_regs_severity sev, const char *file, unsigned int line, const char *msg,
		    void *arg)
{
	struct collected *c = arg;
	size_t used = strlen(c->text);

	if (sev == MR_REGS_ERROR)
		c->errors++;
	else
		c->warnings++;
	snprintf(c->text + used, sizeof(c->text) - used, "%s:%u: %s\n", file, line, msg);
}

/* One load reports every problem, each with its line. */
static void test_report_all(void **state)
{
	static const char text[] = REGS "    A: {offset: 0, reset: 0x1ffffffff}\n"
					"    B: {offset: 2}\n"
					"    C:\n"
					"      offset: 9\n"
					"      fields: {X: 3:0, Y: 2, Z: 40}\n"
					"e:\n  base: 0\n";
	struct mr_regs *regs = mr_regs_new();
	struct collected c = {0};

	(void)state;
	mr_regs_set_report(regs, collect, &c);
	assert_int_equal(mr_regs_load_text(regs, "many.regs", text, strlen(text)), -EINVAL);
	assert_int_equal(c.errors, 4);
	assert_int_equal(c.warnings, 3); /* B and C unaligned, e has no registers */
	assert_non_null(strstr(c.text, "many.regs:4: register d.A: reset value"));
	assert_non_null(strstr(c.text, "many.regs:5: register d.B at 0x2 overlaps A"));
	assert_non_null(strstr(c.text, "many.regs:8: field d.C:Y: bits 2:2 overlap field X"));
	assert_non_null(strstr(c.text, "many.regs:8: field d.C:Z: bits 40:40 past"));
	assert_non_null(strstr(c.text, "many.regs:6: register d.C: offset 0x9 not aligned"));
	assert_non_null(strstr(mr_regs_errmsg(), "(and 3 more problems)"));
	assert_null(mr_regs_block(regs, 0));
	mr_regs_free(regs);
}

/* ------------------------------------------------ files, folders, paths */

static char dir[64];

static void put_file(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/mr-regs-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	return 0;
}

static int remove_dir(void **state)
{
	(void)state;
	return nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void test_paths(void **state)
{
	struct mr_regs *regs = mr_regs_new();
	char list[512], sub[128];

	(void)state;
	snprintf(sub, sizeof(sub), "%s/db", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	put_file("db/b.yaml", "b: {base: 0x2000, registers: {R: 0}}\n");
	put_file("db/a.regs", "a: {base: 0x1000, registers: {R: 0}}\n");
	put_file("db/notes.txt", "not a description\n");
	put_file("db/.hidden.regs", "[broken\n");
	put_file("c.regs", "c: {base: 0x3000, registers: {R: 0}}\n");
	put_file("bad.regs", "c2: {base: 0x3000, registers: {R: 0, S: 0}}\n");
	put_file("dup.regs", "A: {base: 0x4000, registers: {R: 0}}\n");

	/* A folder: its description files in name order. */
	assert_int_equal(mr_regs_load(regs, sub), 0);
	assert_string_equal(mr_regs_block(regs, 0)->name, "a");
	assert_string_equal(mr_regs_block(regs, 1)->name, "b");
	assert_null(mr_regs_block(regs, 2));

	/* A list with a bad file loads nothing of it. */
	snprintf(list, sizeof(list), "%s/c.regs::%s/bad.regs", dir, dir);
	assert_int_equal(mr_regs_load_path(regs, list), -EINVAL);
	assert_non_null(strstr(mr_regs_errmsg(), "bad.regs:1: register c2.S at 0x0 overlaps R"));
	assert_null(mr_regs_block(regs, 2));

	/* A block already loaded from another file. */
	snprintf(list, sizeof(list), "%s/dup.regs", dir);
	assert_int_equal(mr_regs_load(regs, list), -EINVAL);
	assert_non_null(strstr(mr_regs_errmsg(), "block A: already loaded from"));
	assert_non_null(strstr(mr_regs_errmsg(), "db/a.regs:1"));

	assert_int_equal(mr_regs_load(regs, "/nonexistent/x.regs"), -ENOENT);
	assert_non_null(strstr(mr_regs_errmsg(), "/nonexistent/x.regs"));
	assert_int_equal(mr_regs_load(regs, "/proc/self/stat"), 0 - EINVAL);

	/* MEMREMAP_REGS: a list too; unset or empty loads nothing. */
	unsetenv("MEMREMAP_REGS");
	assert_int_equal(mr_regs_load_env(regs), 0);
	snprintf(list, sizeof(list), "%s/c.regs", dir);
	setenv("MEMREMAP_REGS", list, 1);
	assert_int_equal(mr_regs_load_env(regs), 0);
	unsetenv("MEMREMAP_REGS");
	assert_string_equal(mr_regs_block(regs, 2)->name, "c");
	assert_null(mr_regs_block(regs, 3));
	mr_regs_free(regs);
}

/* ------------------------------------------------------------ PCI anchors */

static void put_dev(const char *bdf, const char *ven, const char *dev, const char *resource)
{
	char name[200];

	snprintf(name, sizeof(name), "sys/bus/pci/devices/%s", bdf);
	{
		char path[300], *slash;

		snprintf(path, sizeof(path), "%s/%s/", dir, name);
		for (slash = strchr(path + strlen(dir) + 1, '/'); slash;
		     slash = strchr(slash + 1, '/')) {
			*slash = '\0';
			mkdir(path, 0755);
			*slash = '/';
		}
	}
	snprintf(name, sizeof(name), "sys/bus/pci/devices/%s/vendor", bdf);
	put_file(name, ven);
	snprintf(name, sizeof(name), "sys/bus/pci/devices/%s/device", bdf);
	put_file(name, dev);
	snprintf(name, sizeof(name), "sys/bus/pci/devices/%s/resource", bdf);
	put_file(name, resource);
}

static const char pci_text[] = "edu:\n  pci: 1234:11e8\n  registers: {ID: 0}\n"
			       "edu2:\n  pci: 1234:11e8\n  index: 1\n  offset: 0x100\n"
			       "  registers: {ID: 0}\n"
			       "edu3:\n  pci: 1234:11e8\n  index: 2\n  registers: {ID: 0}\n"
			       "bybdf:\n  pci: 0000:00:04.0\n  bar: 2\n  registers: {R: 8}\n"
			       "ioport:\n  pci: 00:05.0\n  registers: {R: 0}\n"
			       "toobig:\n  pci: 00:04.0\n  size: 0x2000\n  registers: {R: 0}\n"
			       "gone:\n  pci: 00:1f.7\n  registers: {R: 0}\n";

static void test_pci(void **state)
{
	struct mr_regs *regs = mr_regs_new();
	struct mr_machine *m;
	struct mr_reg_ref ref;
	char spec[128];

	(void)state;
	put_dev("0000:00:03.0", "0x1234\n", "0x11e8\n",
		"0x00000000fea00000 0x00000000feafffff 0x0000000000040200\n");
	put_dev("0000:00:06.0", "0x1234\n", "0x11e8\n",
		"0x00000000fe800000 0x00000000fe8fffff 0x0000000000040200\n");
	put_dev("0000:00:04.0", "0x1af4\n", "0x1110\n",
		"0x00000000feb11000 0x00000000feb110ff 0x0000000000040200\n"
		"0x0000000000000000 0x0000000000000000 0x0000000000000000\n"
		"0x00000000fd000000 0x00000000fdffffff 0x000000000014220c\n");
	put_dev("0000:00:05.0", "0x8086\n", "0x7010\n",
		"0x000000000000c000 0x000000000000c00f 0x0000000000040101\n");
	assert_int_equal(mr_regs_load_text(regs, "pci.regs", pci_text, strlen(pci_text)), 0);

	/* This computer's sysfs by default; here, the fake one. */
	assert_int_equal(mr_regs_set_root(regs, dir), 0);
	assert_int_equal(mr_regs_resolve(regs, "edu.ID", &ref), 0);
	assert_int_equal(ref.phys, 0xfea00000);
	assert_int_equal(mr_regs_resolve(regs, "edu2.ID", &ref), 0);
	assert_int_equal(ref.phys, 0xfe800100);
	assert_int_equal(mr_regs_resolve(regs, "edu3.ID", &ref), -ENODEV);
	assert_non_null(strstr(mr_regs_errmsg(), "no PCI device 1234:11e8 of that index"));
	assert_non_null(strstr(mr_regs_errmsg(), "(2 found)"));
	assert_int_equal(mr_regs_resolve(regs, "bybdf.R", &ref), 0);
	assert_int_equal(ref.phys, 0xfd000008);
	assert_int_equal(mr_regs_resolve(regs, "ioport.R", &ref), -ENODEV);
	assert_non_null(strstr(mr_regs_errmsg(), "I/O port BAR"));
	assert_int_equal(mr_regs_resolve(regs, "toobig.R", &ref), -ERANGE);
	assert_non_null(strstr(mr_regs_errmsg(), "do not fit BAR 0 of 0000:00:04.0"));
	assert_int_equal(mr_regs_resolve(regs, "gone.R", &ref), -ENODEV);
	assert_non_null(strstr(mr_regs_errmsg(), "0000:00:1f.7"));

	/* Resolved once: the tree can go, the answer stays, until the root changes. */
	assert_int_equal(remove_dir(NULL), 0);
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(mr_regs_resolve(regs, "edu.ID", &ref), 0);
	assert_int_equal(ref.phys, 0xfea00000);
	assert_int_equal(mr_regs_set_root(regs, dir), 0);
	assert_int_equal(mr_regs_resolve(regs, "edu.ID", &ref), -ENODEV);

	/* A sim machine has no PCI devices; a base given by hand still works. */
	m = mr_test_machine("sim");
	assert_int_equal(mr_regs_use_machine(regs, m), 0);
	assert_int_equal(mr_regs_resolve(regs, "bybdf.R", &ref), -ENODEV);
	assert_non_null(strstr(mr_regs_errmsg(), "--regs-base bybdf=ADDR"));
	assert_int_equal(mr_regs_set_base(regs, "bybdf", 0xfe000000), 0);
	assert_int_equal(mr_regs_resolve(regs, "bybdf.R", &ref), 0);
	assert_int_equal(ref.phys, 0xfe000008);
	mr_machine_use(NULL);
	mr_machine_close(m);

	/* A linux machine with root=DIR: PCI devices under DIR. */
	put_file("iomem", "00000000-0009ffff : System RAM\n");
	assert_int_equal(mkdir(strcat(strcpy(spec, dir), "/proc"), 0755), 0);
	put_file("proc/iomem",
		 "00001000-0009ffff : System RAM\nfe000000-feffffff : PCI Bus 0000:00\n");
	put_file("proc/cpuinfo", "address sizes\t: 40 bits physical, 48 bits virtual\n");
	put_dev("0000:00:03.0", "0x1234\n", "0x11e8\n",
		"0x00000000fe400000 0x00000000fe4fffff 0x0000000000040200\n");
	snprintf(spec, sizeof(spec), "linux,root=%s,relaxed", dir);
	if (mr_machine_open(&m, spec))
		fail_msg("%s: %s", spec, mr_errmsg());
	assert_int_equal(mr_regs_use_machine(regs, m), 0);
	assert_int_equal(mr_regs_resolve(regs, "edu.ID", &ref), 0);
	assert_int_equal(ref.phys, 0xfe400000);
	mr_machine_close(m);
	assert_int_equal(mr_regs_use_machine(regs, NULL), -EINVAL);
	mr_regs_free(regs);
}

/* ----------------------------------------------------- allocation failure */

static unsigned long calls, fail_at;

static void *failing_malloc(size_t n)
{
	if (fail_at && ++calls >= fail_at)
		return NULL;
	return malloc(n);
}

/* The Nth allocation and all after it fail, for every N: ENOMEM and nothing changed. */
static void sweep(const char *file)
{
	static const char other[] = "other: {base: 0, registers: {R: 0}}\n";
	struct mr_regs *regs = mr_regs_new();
	unsigned long n;
	int ret = -1;

	assert_int_equal(mr_regs_load_text(regs, "other.regs", other, strlen(other)), 0);
	for (n = 1; ret; n++) {
		calls = 0;
		fail_at = n;
		mr__regs_malloc_hook = failing_malloc;
		ret = mr_regs_load(regs, file);
		mr__regs_malloc_hook = malloc;
		fail_at = 0;
		if (ret) {
			if (ret != -ENOMEM)
				fail_msg("%s, allocation %lu failing: %d %s", file, n, ret,
					 mr_regs_errmsg());
			assert_null(mr_regs_block(regs, 1));
		}
		assert_true(n < 100000);
	}
	assert_non_null(mr_regs_block(regs, 1));
	mr_regs_free(regs);
}

static void test_allocfail(void **state)
{
	(void)state;
	sweep(DATA "edu.regs");
	sweep(DATA "edu.svd");
	sweep(DATA "edu.ipxact.xml");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_native_edu), cmocka_unit_test(test_svd_edu_same_model),
		cmocka_unit_test(test_ipxact_edu), cmocka_unit_test(test_svd_features),
		cmocka_unit_test(test_match),	   cmocka_unit_test(test_lookup_errors),
		cmocka_unit_test(test_values),	   cmocka_unit_test(test_encode),
		cmocka_unit_test(test_bad_native), cmocka_unit_test(test_report_all),
		cmocka_unit_test(test_paths),	   cmocka_unit_test(test_pci),
		cmocka_unit_test(test_allocfail),
	};

	mr_set_log(NULL, NULL);
	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
