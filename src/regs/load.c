// SPDX-License-Identifier: MIT
/*
 * Sets of descriptions and what loads into them: a file, a folder, a
 * colon-separated list, MEMREMAP_REGS. Every load is all or nothing: the
 * files parse and check into documents aside, and only when all of them
 * are clean do they join the set, in one step that cannot fail.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "regs_internal.h"

struct mr_regs *mr_regs_new(void)
{
	struct mr_regs *regs = mr__regs_alloc(sizeof(*regs));

	if (!regs) {
		mr__regs_err(ENOMEM, "out of memory");
		return NULL;
	}
	regs->root = mr__regs_strdup("");
	if (!regs->root) {
		free(regs);
		mr__regs_err(ENOMEM, "out of memory");
		return NULL;
	}
	return regs;
}

void mr_regs_free(struct mr_regs *regs)
{
	size_t i;

	if (!regs)
		return;
	for (i = 0; i < regs->docs.n; i++)
		mr__regs_doc_free(regs->docs.v[i]);
	free(regs->docs.v);
	free(regs->blocks.v);
	free(regs->root);
	free(regs);
}

void mr_regs_set_report(struct mr_regs *regs, mr_regs_report_fn fn, void *arg)
{
	regs->report = fn;
	regs->report_arg = arg;
}

const struct mr_reg_block *mr_regs_block(const struct mr_regs *regs, size_t i)
{
	if (!regs || i >= regs->blocks.n)
		return NULL;
	return &((struct mr__block *)regs->blocks.v[i])->pub;
}

/* ------------------------------------------------------------ one text */

/* XML begins with '<' after an optional byte-order mark and blanks. */
static bool mr__regs_is_xml(const char *text, size_t len)
{
	size_t i = 0;

	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		i = 3;
	while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
		i++;
	return i < len && text[i] == '<';
}

/* Blocks already loaded or pending under the same name. */
static void mr__regs_check_clash(struct mr__load *ld, const struct mr__vec *pending)
{
	size_t i, j, k, d;

	for (i = 0; i < ld->doc->blocks.n; i++) {
		const struct mr__block *b = ld->doc->blocks.v[i];

		for (j = 0; j < ld->regs->blocks.n; j++) {
			const struct mr__block *o = ld->regs->blocks.v[j];

			if (!strcasecmp(o->pub.name, b->pub.name))
				mr__regs_diag(ld, MR_REGS_ERROR, b->pub.line,
					      "block %s: already loaded from %s:%u", b->pub.name,
					      o->pub.file, o->pub.line);
		}
		for (d = 0; d < pending->n; d++) {
			const struct mr__doc *pd = pending->v[d];

			for (k = 0; k < pd->blocks.n; k++) {
				const struct mr__block *o = pd->blocks.v[k];

				if (!strcasecmp(o->pub.name, b->pub.name))
					mr__regs_diag(ld, MR_REGS_ERROR, b->pub.line,
						      "block %s: already loaded from %s:%u",
						      b->pub.name, o->pub.file, o->pub.line);
			}
		}
	}
}

/* Parse and check one text into a document on @pending; 0 or -errno. */
static int mr__regs_load_one(struct mr_regs *regs, const char *name, const char *text, size_t len,
			     struct mr__vec *pending)
{
	struct mr__load ld = {.regs = regs};
	struct mr__doc *doc;
	unsigned int errors;
	bool oom;

	doc = mr__regs_alloc(sizeof(*doc));
	if (!doc || !(doc->file = mr__regs_strdup(name))) {
		free(doc);
		return mr__regs_err(ENOMEM, "%s: out of memory", name);
	}
	ld.doc = doc;
	if (mr__regs_is_xml(text, len))
		mr__regs_parse_xml(&ld, text, len);
	else
		mr__regs_parse_native(&ld, text, len);
	if (!ld.oom)
		mr__regs_finish_doc(&ld);
	if (!ld.oom)
		mr__regs_check_clash(&ld, pending);
	mr__regs_report(&ld);
	errors = ld.errors;
	oom = ld.oom;
	if (!errors && mr__vec_push(pending, doc)) {
		errors = 1;
		oom = true;
		mr__regs_err(ENOMEM, "%s: out of memory", name);
	}
	if (!errors)
		return 0;
	mr__regs_doc_free(doc);
	if (errors > 1) {
		char first[400];

		snprintf(first, sizeof(first), "%s", mr_regs_errmsg());
		mr__regs_err(EINVAL, "%s (and %u more problems)", first, errors - 1);
	}
	errno = oom ? ENOMEM : EINVAL;
	return -errno;
}

/* Join the pending documents to the set; cannot fail (the room is made first). */
static int mr__regs_commit(struct mr_regs *regs, struct mr__vec *pending)
{
	size_t nblocks = regs->blocks.n, i, j;
	void **v;

	for (i = 0; i < pending->n; i++)
		nblocks += ((struct mr__doc *)pending->v[i])->blocks.n;
	/* mr__regs_grow() gives the array back as it is when it is large enough: NULL for none. */
	v = mr__regs_grow(regs->docs.v, &regs->docs.cap, regs->docs.n + pending->n, sizeof(*v));
	if (!v && regs->docs.n + pending->n)
		return mr__regs_err(ENOMEM, "out of memory");
	regs->docs.v = v;
	v = mr__regs_grow(regs->blocks.v, &regs->blocks.cap, nblocks, sizeof(*v));
	if (!v && nblocks)
		return mr__regs_err(ENOMEM, "out of memory");
	regs->blocks.v = v;
	for (i = 0; i < pending->n; i++) {
		struct mr__doc *doc = pending->v[i];

		regs->docs.v[regs->docs.n++] = doc;
		for (j = 0; j < doc->blocks.n; j++)
			regs->blocks.v[regs->blocks.n++] = doc->blocks.v[j];
	}
	pending->n = 0;
	return 0;
}

static void mr__regs_pending_free(struct mr__vec *pending)
{
	size_t i;

	for (i = 0; i < pending->n; i++)
		mr__regs_doc_free(pending->v[i]);
	free(pending->v);
}

/* ---------------------------------------------------------------- files */

static int mr__regs_read_file(const char *path, char **text, size_t *len)
{
	struct stat st;
	size_t got = 0;
	ssize_t n;
	char *buf;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		return mr__regs_err(err, "%s: %s", path, strerror(err));
	}
	if (fstat(fd, &st)) {
		err = errno;
		close(fd);
		return mr__regs_err(err, "%s: %s", path, strerror(err));
	}
	if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size > MR__REGS_FILE_MAX) {
		close(fd);
		return mr__regs_err(EINVAL, "%s: %s", path,
				    S_ISREG(st.st_mode) ? "larger than 64 MiB: not a description"
							: "not a file");
	}
	buf = mr__regs_alloc((size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		return mr__regs_err(ENOMEM, "%s: out of memory", path);
	}
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? errno : EIO;
			free(buf);
			close(fd);
			return mr__regs_err(err, "%s: %s", path,
					    n < 0 ? strerror(err) : "shorter than its size");
		}
		got += (size_t)n;
	}
	close(fd);
	*text = buf;
	*len = got;
	return 0;
}

static int mr__regs_file(struct mr_regs *regs, const char *path, struct mr__vec *pending)
{
	size_t len;
	char *text;
	int ret = mr__regs_read_file(path, &text, &len);

	if (ret)
		return ret;
	ret = mr__regs_load_one(regs, path, text, len, pending);
	free(text);
	return ret;
}

static bool mr__regs_wanted(const char *name)
{
	static const char *const exts[] = {".regs", ".yaml", ".yml", ".svd", ".xml"};
	size_t n = strlen(name), i, e;

	if (name[0] == '.')
		return false;
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		e = strlen(exts[i]);
		if (n > e && !strcasecmp(name + n - e, exts[i]))
			return true;
	}
	return false;
}

static int mr__regs_filter(const struct dirent *de)
{
	return mr__regs_wanted(de->d_name);
}

static int mr__regs_dir(struct mr_regs *regs, const char *dir, struct mr__vec *pending)
{
	struct dirent **names;
	int i, n, ret = 0, err;

	n = scandir(dir, &names, mr__regs_filter, alphasort);
	if (n < 0) {
		err = errno;
		return mr__regs_err(err, "%s: %s", dir, strerror(err));
	}
	for (i = 0; i < n; i++) {
		size_t len = strlen(dir) + strlen(names[i]->d_name) + 2;
		char *path = ret ? NULL : mr__regs_alloc(len);

		if (!ret && !path)
			ret = mr__regs_err(ENOMEM, "out of memory");
		if (path) {
			snprintf(path, len, "%s/%s", dir, names[i]->d_name);
			ret = mr__regs_file(regs, path, pending);
			free(path);
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

static int mr__regs_entry(struct mr_regs *regs, const char *path, struct mr__vec *pending)
{
	struct stat st;
	int err;

	if (stat(path, &st)) {
		err = errno;
		return mr__regs_err(err, "%s: %s", path, strerror(err));
	}
	if (S_ISDIR(st.st_mode))
		return mr__regs_dir(regs, path, pending);
	return mr__regs_file(regs, path, pending);
}

/* Run @load into a pending list, then commit it whole or drop it whole. */
static int mr__regs_finish_load(struct mr_regs *regs, struct mr__vec *pending, int ret)
{
	if (!ret)
		ret = mr__regs_commit(regs, pending);
	mr__regs_pending_free(pending);
	return ret;
}

int mr_regs_load(struct mr_regs *regs, const char *path)
{
	struct mr__vec pending = {0};

	if (!regs || !path || !*path)
		return mr__regs_err(EINVAL, "mr_regs_load: no set or no path");
	return mr__regs_finish_load(regs, &pending, mr__regs_entry(regs, path, &pending));
}

int mr_regs_load_text(struct mr_regs *regs, const char *name, const char *text, size_t len)
{
	struct mr__vec pending = {0};

	if (!regs || !name || (!text && len))
		return mr__regs_err(EINVAL, "mr_regs_load_text: no set, name or text");
	return mr__regs_finish_load(regs, &pending,
				    mr__regs_load_one(regs, name, text ? text : "", len, &pending));
}

int mr_regs_load_path(struct mr_regs *regs, const char *list)
{
	struct mr__vec pending = {0};
	const char *p = list, *colon;
	int ret = 0;

	if (!regs || !list)
		return mr__regs_err(EINVAL, "mr_regs_load_path: no set or no list");
	while (!ret && *p) {
		size_t n;
		char *entry;

		colon = strchr(p, ':');
		n = colon ? (size_t)(colon - p) : strlen(p);
		if (n) {
			entry = mr__regs_strndup(p, n);
			ret = entry ? mr__regs_entry(regs, entry, &pending)
				    : mr__regs_err(ENOMEM, "out of memory");
			free(entry);
		}
		p += n + (colon != NULL);
	}
	return mr__regs_finish_load(regs, &pending, ret);
}

int mr_regs_load_env(struct mr_regs *regs)
{
	/* Not for a setuid program: whoever runs it does not choose its files. */
	const char *env = secure_getenv("MEMREMAP_REGS");

	if (!env || !*env)
		return 0;
	return mr_regs_load_path(regs, env);
}
