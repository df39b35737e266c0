// SPDX-License-Identifier: MIT
/*
 * memremap._memremap: the module, its errors, constants and the functions
 * that act on the current machine. The package memremap re-exports it.
 */
#include <errno.h>
#include <string.h>

#include <memremap/io.h>

#include "mrpy.h"

/* Register names are there: built with libmemremap-regs (regs.c). */
#ifdef MRPY_REGS
#define MRPY_HAVE_REGS 1
#else
#define MRPY_HAVE_REGS 0
#endif

PyObject *mrpy_Error;
PyTypeObject *mrpy_QueryType, *mrpy_MappingInfoType;
static PyThread_type_lock mrpy_use_lock;

PyObject *mrpy_raise(int err)
{
	const char *msg = mr_errmsg();
	PyObject *args;

	if (err <= 0)
		err = EIO;
	args = Py_BuildValue("(is)", err, msg && *msg ? msg : strerror(err));
	if (args) {
		PyErr_SetObject(mrpy_Error, args);
		Py_DECREF(args);
	}
	return NULL;
}

PyObject *mrpy_closed(const char *what)
{
	PyErr_Format(PyExc_ValueError, "%s is closed", what);
	return NULL;
}

PyObject *mrpy_structseq(PyTypeObject *type, PyObject *const *v, int n)
{
	PyObject *r = PyStructSequence_New(type);
	int i;

	for (i = 0; r && i < n && v[i]; i++)
		;
	if (i < n) {
		for (i = 0; i < n; i++)
			Py_XDECREF(v[i]);
		Py_XDECREF(r);
		return NULL;
	}
	for (i = 0; i < n; i++)
		PyStructSequence_SET_ITEM(r, i, v[i]);
	return r;
}

/* Waits with the GIL released: the holder may need the GIL to finish. */
void mrpy_lock(void)
{
	if (PyThread_acquire_lock(mrpy_use_lock, NOWAIT_LOCK))
		return;
	Py_BEGIN_ALLOW_THREADS
		PyThread_acquire_lock(mrpy_use_lock, WAIT_LOCK);
	Py_END_ALLOW_THREADS
}

void mrpy_unlock(void)
{
	PyThread_release_lock(mrpy_use_lock);
}

int mrpy_u64(PyObject *o, const char *what, uint64_t *out)
{
	PyObject *idx = PyNumber_Index(o);

	if (!idx) {
		if (PyErr_ExceptionMatches(PyExc_TypeError)) {
			PyErr_Clear();
			PyErr_Format(PyExc_TypeError, "%s must be an integer, not %.100s", what,
				     Py_TYPE(o)->tp_name);
		}
		return -1;
	}
	*out = PyLong_AsUnsignedLongLong(idx);
	Py_DECREF(idx);
	if (*out == (uint64_t)-1 && PyErr_Occurred()) {
		PyErr_Clear();
		PyErr_Format(PyExc_ValueError, "%s out of range: %R", what, o);
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------ functions */

static PyObject *mrpy_map_fn(PyObject *mod, PyObject *args, PyObject *kw)
{
	static char *kwlist[] = {"phys", "size", "flags", "machine", NULL};
	PyObject *phys_o, *size_o, *flags_o, *mach_o = Py_None, *ret;
	uint64_t phys, size, flags;
	MachineObject *mach;

	(void)mod;
	if (!PyArg_ParseTupleAndKeywords(args, kw, "OOO|$O:map", kwlist, &phys_o, &size_o, &flags_o,
					 &mach_o))
		return NULL;
	if (mrpy_u64(phys_o, "phys", &phys) || mrpy_u64(size_o, "size", &size) ||
	    mrpy_u64(flags_o, "flags", &flags))
		return NULL;
	mach = mrpy_machine_arg(mach_o);
	if (!mach)
		return NULL;
	ret = mrpy_mapping_new(&MappingType, mach, NULL, phys, size, flags);
	Py_DECREF(mach);
	return ret;
}

PyDoc_STRVAR(mrpy_map_doc, "map($module, /, phys, size, flags, *, machine=None)\n--\n\n"
			   "memremap() on the current machine (or on @machine).");

/* query() and region_intersects() live on Machine; these take the current one. */
static PyObject *mrpy_forward(PyObject *args, PyObject *kw, const char *method)
{
	PyObject *mach_o = NULL, *fn, *ret;
	MachineObject *mach;

	if (kw) {
		mach_o = PyDict_GetItemString(kw, "machine");
		if (mach_o) {
			kw = PyDict_Copy(kw);
			if (!kw)
				return NULL;
			PyDict_DelItemString(kw, "machine");
		}
	}
	mach = mrpy_machine_arg(mach_o ? mach_o : Py_None);
	if (!mach)
		goto out;
	fn = PyObject_GetAttrString((PyObject *)mach, method);
	Py_DECREF(mach);
	if (!fn)
		goto out;
	ret = PyObject_Call(fn, args, kw);
	Py_DECREF(fn);
	if (mach_o)
		Py_DECREF(kw);
	return ret;
out:
	if (mach_o)
		Py_DECREF(kw);
	return NULL;
}

static PyObject *mrpy_query_fn(PyObject *mod, PyObject *args, PyObject *kw)
{
	(void)mod;
	return mrpy_forward(args, kw, "query");
}

static PyObject *mrpy_region_intersects_fn(PyObject *mod, PyObject *args, PyObject *kw)
{
	(void)mod;
	return mrpy_forward(args, kw, "region_intersects");
}

static PyObject *mrpy_current_fn(PyObject *mod, PyObject *unused)
{
	(void)mod;
	(void)unused;
	return (PyObject *)mrpy_current();
}

static PyObject *mrpy_use_fn(PyObject *mod, PyObject *arg)
{
	(void)mod;
	if (arg != Py_None && !PyObject_TypeCheck(arg, &MachineType)) {
		PyErr_Format(PyExc_TypeError, "use() takes a Machine or None, not %.100s",
			     Py_TYPE(arg)->tp_name);
		return NULL;
	}
	return mrpy_use(arg == Py_None ? NULL : (MachineObject *)arg);
}

static PyObject *mrpy_type_name_fn(PyObject *mod, PyObject *arg)
{
	unsigned long t = PyLong_AsUnsignedLong(arg);

	(void)mod;
	if (t == (unsigned long)-1 && PyErr_Occurred())
		return NULL;
	return PyUnicode_FromString(mr_type_name(t));
}

static PyObject *mrpy_copy_path_fn(PyObject *mod, PyObject *unused)
{
	(void)mod;
	(void)unused;
	return PyUnicode_FromString(mr_copy_path());
}

static PyObject *mrpy_flush_path_fn(PyObject *mod, PyObject *unused)
{
	(void)mod;
	(void)unused;
	return PyUnicode_FromString(mr_flush_path());
}

static PyMethodDef mrpy_functions[] = {
	{"map", (PyCFunction)(void (*)(void))mrpy_map_fn, METH_VARARGS | METH_KEYWORDS,
	 mrpy_map_doc},
	{"query", (PyCFunction)(void (*)(void))mrpy_query_fn, METH_VARARGS | METH_KEYWORDS,
	 "query($module, /, phys, size, flags, *, machine=None)\n--\n\n"
	 "What memremap() would do on the current machine, without doing it."},
	{"region_intersects", (PyCFunction)(void (*)(void))mrpy_region_intersects_fn,
	 METH_VARARGS | METH_KEYWORDS,
	 "region_intersects($module, /, start, size, flags=IORESOURCE_SYSTEM_RAM, "
	 "desc=IORES_DESC_NONE, *, machine=None)\n--\n\n"
	 "REGION_INTERSECTS, REGION_DISJOINT or REGION_MIXED."},
	{"current", mrpy_current_fn, METH_NOARGS,
	 "current($module, /)\n--\n\nThe current machine: the one use() chose, else the one "
	 "MEMREMAP_MACHINE names (default 'linux'), opened on first use."},
	{"use", mrpy_use_fn, METH_O,
	 "use($module, machine, /)\n--\n\nMake @machine current for the whole process "
	 "(None: back to MEMREMAP_MACHINE's); returns the one use() chose before."},
	{"type_name", mrpy_type_name_fn, METH_O,
	 "type_name($module, type, /)\n--\n\n'wb', 'wt', 'wc', 'dev', or '?'."},
	{"copy_path", mrpy_copy_path_fn, METH_NOARGS,
	 "copy_path($module, /)\n--\n\nThe instructions the bulk copies use ('avx2', 'sse2', "
	 "...)."},
	{"flush_path", mrpy_flush_path_fn, METH_NOARGS,
	 "flush_path($module, /)\n--\n\nThe cache write-back instruction ('clwb', ...)."},
	{NULL, NULL, 0, NULL},
};

/* ------------------------------------------------------------ the module */

static PyStructSequence_Field mrpy_query_fields[] = {
	{"result", "0 when memremap() would map, else the negative errno it would fail with"},
	{"ri", "region_intersects() for System RAM"},
	{"direct", "True when it would come from the direct map"},
	{"type", "the cache type it would get (WB, WT, WC or DEV)"},
	{"how", "the path it would take"},
	{"why", "the message it would fail with, or the note on the type it gets"},
	{NULL, NULL},
};

static PyStructSequence_Desc mrpy_query_desc = {
	"memremap.Query", "What memremap() would do with a range.", mrpy_query_fields, 6};

static PyStructSequence_Field mrpy_info_fields[] = {
	{"address", "the virtual address of the first byte"},
	{"phys", "the physical address asked for"},
	{"size", "the size asked for"},
	{"flags", "the flags asked for"},
	{"type", "the one cache type obtained: WB, WT, WC or DEV"},
	{"direct", "True when served from the direct map"},
	{"exclusive", "True when the range is claimed busy for this mapping"},
	{"map_phys", "first byte of the whole pages mapped"},
	{"map_size", "bytes of whole pages mapped"},
	{"how", "the path taken: 'direct map', 'sim mmap', '/dev/mem O_SYNC', ..."},
	{"note", "why the type differs from the one asked for, or ''"},
	{"device", "the name of the device that holds it, or None"},
	{NULL, NULL},
};

static PyStructSequence_Desc mrpy_info_desc = {"memremap.MappingInfo", "What a mapping really is.",
					       mrpy_info_fields, 12};

static PyStructSequence_Field mrpy_register_fields[] = {
	{"name", "'BLOCK', 'BLOCK.REG' or 'BLOCK.REG:FIELD', as the description spells it"},
	{"phys", "the register's physical address (a block's: its base)"},
	{"size", "bytes of one access of the register (a block's: the bytes it spans)"},
	{"width", "bits of one access of the register (0 for a block)"},
	{"mask", "the bits named, in the register (0 for a block)"},
	{"shift", "the lowest of those bits"},
	{"access", "'RW', 'RO', 'WO', 'W1C', 'W1S' or 'RC' ('' for a block)"},
	/* By name only: the tuple stays the seven above. */
	{"values", "a field's named values, {'ON': 1}, in the field's own bits, as read() "
		   "returns them (empty for a register or block)"},
	{NULL, NULL},
};

static PyStructSequence_Desc mrpy_register_desc = {
	"memremap.Register", "Where a block, register or field of a description is.",
	mrpy_register_fields, 7};

static int mrpy_add_int(PyObject *mod, const char *name, long long v)
{
	PyObject *o = PyLong_FromLongLong(v);

	if (!o || PyModule_AddObject(mod, name, o)) {
		Py_XDECREF(o);
		return -1;
	}
	return 0;
}

#define MRPY_CONST(name)                 \
	{                                \
#name, (long long)(name) \
	}

static const struct {
	const char *name;
	long long value;
} mrpy_consts[] = {
	{"WB", MEMREMAP_WB},
	{"WT", MEMREMAP_WT},
	{"WC", MEMREMAP_WC},
	{"ENC", MEMREMAP_ENC},
	{"DEC", MEMREMAP_DEC},
	{"DEV", MEMREMAP_DEV},
	{"EXCLUSIVE", MEMREMAP_EXCLUSIVE},
	{"KIND", MEMREMAP_KIND},
	{"PAGE_SIZE", MR_PAGE_SIZE},
	MRPY_CONST(REGION_INTERSECTS),
	MRPY_CONST(REGION_DISJOINT),
	MRPY_CONST(REGION_MIXED),
	MRPY_CONST(IORESOURCE_IO),
	MRPY_CONST(IORESOURCE_MEM),
	MRPY_CONST(IORESOURCE_PREFETCH),
	MRPY_CONST(IORESOURCE_MEM_64),
	MRPY_CONST(IORESOURCE_SYSRAM),
	MRPY_CONST(IORESOURCE_EXCLUSIVE),
	MRPY_CONST(IORESOURCE_BUSY),
	MRPY_CONST(IORESOURCE_SYSTEM_RAM),
	MRPY_CONST(IORES_DESC_NONE),
	MRPY_CONST(IORES_DESC_CRASH_KERNEL),
	MRPY_CONST(IORES_DESC_ACPI_TABLES),
	MRPY_CONST(IORES_DESC_ACPI_NV_STORAGE),
	MRPY_CONST(IORES_DESC_PERSISTENT_MEMORY),
	MRPY_CONST(IORES_DESC_PERSISTENT_MEMORY_LEGACY),
	MRPY_CONST(IORES_DESC_DEVICE_PRIVATE_MEMORY),
	MRPY_CONST(IORES_DESC_RESERVED),
	MRPY_CONST(IORES_DESC_SOFT_RESERVED),
	MRPY_CONST(IORES_DESC_CXL),
};

static int mrpy_add_type(PyObject *mod, const char *name, PyTypeObject *type)
{
	if (PyType_Ready(type))
		return -1;
	Py_INCREF(type);
	if (PyModule_AddObject(mod, name, (PyObject *)type)) {
		Py_DECREF(type);
		return -1;
	}
	return 0;
}

static int mrpy_add_structseq(PyObject *mod, PyStructSequence_Desc *desc, PyTypeObject **out)
{
	const char *dot = strrchr(desc->name, '.');

	*out = PyStructSequence_NewType(desc);
	if (!*out)
		return -1;
	Py_INCREF(*out);
	if (PyModule_AddObject(mod, dot + 1, (PyObject *)*out)) {
		Py_DECREF(*out);
		return -1;
	}
	return 0;
}

static int mrpy_init(PyObject *mod)
{
	mrpy_use_lock = PyThread_allocate_lock();
	if (!mrpy_use_lock) {
		PyErr_NoMemory();
		return -1;
	}
	mrpy_Error = PyErr_NewExceptionWithDoc(
		"memremap.Error",
		"A failure of the library: errno says why, strerror is the library's message "
		"(mr_errmsg()).",
		PyExc_OSError, NULL);
	if (!mrpy_Error)
		return -1;
	Py_INCREF(mrpy_Error);
	if (PyModule_AddObject(mod, "Error", mrpy_Error)) {
		Py_DECREF(mrpy_Error);
		return -1;
	}
	if (mrpy_add_type(mod, "Machine", &MachineType) ||
	    mrpy_add_type(mod, "Mapping", &MappingType) ||
	    mrpy_add_type(mod, "Device", &DeviceType) ||
	    mrpy_add_structseq(mod, &mrpy_query_desc, &mrpy_QueryType) ||
	    mrpy_add_structseq(mod, &mrpy_info_desc, &mrpy_MappingInfoType) ||
	    mrpy_add_structseq(mod, &mrpy_register_desc, &mrpy_RegisterType))
		return -1;
	for (size_t i = 0; i < sizeof(mrpy_consts) / sizeof(mrpy_consts[0]); i++)
		if (mrpy_add_int(mod, mrpy_consts[i].name, mrpy_consts[i].value))
			return -1;
	if (PyModule_AddObjectRef(mod, "HAVE_REGS", MRPY_HAVE_REGS ? Py_True : Py_False))
		return -1;
	return PyModule_AddStringConstant(mod, "__version__", MR_VERSION_STRING);
}

static struct PyModuleDef mrpy_module = {
	PyModuleDef_HEAD_INIT,
	"memremap._memremap",
	"libmemremap for Python; import memremap, not this.",
	-1,
	mrpy_functions,
	NULL,
	NULL,
	NULL,
	NULL,
};

PyMODINIT_FUNC PyInit__memremap(void);

PyMODINIT_FUNC PyInit__memremap(void)
{
	PyObject *mod = PyModule_Create(&mrpy_module);

	if (mod && mrpy_init(mod)) {
		Py_DECREF(mod);
		return NULL;
	}
	return mod;
}
