// SPDX-License-Identifier: MIT
/*
 * Register names: m.read("edu.STATUS:IRQ"), m.write("edu.STATUS:IRQ", 1),
 * m.write("edu.STATUS:IRQ=1"), the spellings of the CLI's --regs.
 *
 * The names come from register descriptions (CMSIS-SVD and the project's
 * own format) that the library is to read through <memremap/regs.h>. This
 * build has no such library, so a name is refused with ENOSYS; Mapping.read
 * and Mapping.write already send every str argument here, so that the
 * feature lands in this file alone.
 */
#include <errno.h>

#include "mrpy.h"

static PyObject *mrpy_regs_missing(PyObject *name)
{
	PyObject *args = Py_BuildValue(
		"(iN)", ENOSYS,
		PyUnicode_FromFormat("register name %R: this build of memremap has no register "
				     "descriptions (<memremap/regs.h>); use offsets",
				     name));

	if (args) {
		PyErr_SetObject(mrpy_Error, args);
		Py_DECREF(args);
	}
	return NULL;
}

PyObject *mrpy_reg_read(MappingObject *self, PyObject *name)
{
	(void)self;
	return mrpy_regs_missing(name);
}

PyObject *mrpy_reg_write(MappingObject *self, PyObject *name, PyObject *value)
{
	(void)self;
	(void)value;
	return mrpy_regs_missing(name);
}
