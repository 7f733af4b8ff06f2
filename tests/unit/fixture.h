// Helpers the unit tests that read input folders share: where the fonts are, writing a file.
// Included after cmocka.h by one test program each; everything here is static.
#ifndef FIXTURE_H
#define FIXTURE_H

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char fontdir[4096];

// 'find_fonts()' - The project's fonts/, found from the test source's path (make runs the tests
//                  from the project root, where __FILE__ is relative).
static inline void
find_fonts(void)
{
	const char *f = __FILE__;
	const char *t = strstr(f, "tests/unit/");

	snprintf(fontdir, sizeof fontdir, "%.*sfonts", t ? (int)(t - f) : 0, f);
}

// 'write_file()' - Write text as dir/name.
static inline void
write_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
	assert_int_equal(fclose(fp), 0);
}

// 'capture_begin()' - Send stderr to dir/stderr.txt until capture_end(); O - the saved descriptor.
static inline int
capture_begin(const char *dir)
{
	char path[256];
	int saved, fd;

	snprintf(path, sizeof path, "%s/stderr.txt", dir);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved >= 0 && fd >= 0);
	dup2(fd, STDERR_FILENO);
	close(fd);
	return saved;
}

// 'capture_end()' - Put stderr back and read what was written into err (NUL-terminated).
static inline void
capture_end(const char *dir, int saved, char *err, size_t size)
{
	char path[256];
	ssize_t n;
	int fd;

	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	snprintf(path, sizeof path, "%s/stderr.txt", dir);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, err, size - 1);
	close(fd);
	err[n > 0 ? n : 0] = '\0';
	unlink(path);
}

// 'remove_folder()' - Remove a fixture's folder and the files in it.
static inline void
remove_folder(const char *dir)
{
	struct dirent *e;
	DIR *d;

	if ((d = opendir(dir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			char path[512];

			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(dir);
}

#endif
