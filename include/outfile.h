// The output folder: one run at a time (flock), files written atomically, SHA256SUMS kept.
#ifndef OUTFILE_H
#define OUTFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "checksums.h"

typedef struct outdir outdir_t;

// 'outdir_open()' - Create the folder if needed, take <dir>/.lock, remove temporary files a killed run left.
//                   O - ROIT_OK, or ROIT_EX_CANTCREAT / ROIT_EX_TEMPFAIL with a message given.
int outdir_open(const char *path, outdir_t **out);

// 'outdir_check_unit()' - Before any report is written: the folder of a unit (slug), if there, is a
//                         real folder, and its superseded/ and report names are a folder and files,
//                         as the program makes them; nothing inside the output folder is followed.
//                         O - ROIT_OK, or ROIT_EX_CANTCREAT naming what is in the way
int outdir_check_unit(outdir_t *d, const char *slug);

// 'outdir_write()' - Write relpath ("slug/2020-06-monthly-return.pdf") atomically: temp file in its folder,
//                    fsync, rename, fsync the folder.  Prints the path on stdout unless quiet.
//                    O - ROIT_OK, ROIT_EX_CANTCREAT or ROIT_EX_IOERR with a message given.
int outdir_write(outdir_t *d, const char *relpath, const void *data, size_t len);

// 'outdir_hash()' - The SHA-256 of relpath as it stands in the output folder now: of the bytes
//                   this run wrote there, if it did (not read again), else read back (never
//                   through a symlink; safe on any thread while nothing writes relpath).
//                   O - ROIT_OK with *found false where there is no file; ROIT_EX_CANTCREAT when
//                       something other than a regular file stands there, ROIT_EX_IOERR when it
//                       cannot be read (message given).
int outdir_hash(const outdir_t *d, const char *relpath, bool *found, char hex[65]);

// 'outdir_peek()' - The folder as it is, for a run that writes nothing (--check): no lock taken,
//                   nothing made or removed; a folder that is not there holds nothing.
//                   O - ROIT_OK, or an exit code with a message given
int outdir_peek(const char *path, outdir_t **out);

// 'outdir_read()' - relpath as it stands in the output folder, appended to out (never through a
//                   symlink, never waiting; safe on any thread while nothing writes relpath).
//                   O - ROIT_OK with *found false where there is no file; ROIT_EX_CANTCREAT when
//                       something other than a regular file stands there, ROIT_EX_IOERR when it
//                       cannot be read (message given).
int outdir_read(const outdir_t *d, const char *relpath, buf_t *out, bool *found);

// 'outdir_sha256()' - The SHA-256 of bytes as 64 lower-case hex digits; false if libcrypto failed.
bool outdir_sha256(const void *data, size_t len, char hex[65]);

// 'outdir_listed()' - The SHA-256 SHA256SUMS gave relpath when the run began (its file there then),
//                     or NULL.  Safe on any thread.
const char *outdir_listed(const outdir_t *d, const char *relpath);

// 'outdir_listed_under()' - The lines SHA256SUMS had when the run began whose path starts with
//                           prefix, in path order: *first and the count.  Safe on any thread.
size_t outdir_listed_under(const outdir_t *d, const char *prefix, checksum_t *const **first);

// 'outdir_keep()' - Keep the file at from (whose SHA-256 is hex) under the name to as well, by a
//                   hard link (atomic, never replacing a file: one already there with the same
//                   bytes is fine, with others the run stops), the folder flushed, and list it
//                   under to instead of from.  Prints to unless quiet.  SHA256SUMS itself is
//                   rewritten by outdir_flush().
//                   O - ROIT_OK, ROIT_EX_CANTCREAT, ROIT_EX_IOERR (message given), OUTDIR_STOPPED
int outdir_keep(outdir_t *d, const char *from, const char *to, const char *hex);

// 'outdir_begin()', 'outdir_end()' - Around the files of one report (those kept, the twin, the
//                                    PDF): a stop signal ends the run before a report, never in
//                                    the middle of one.  O - ROIT_OK, or OUTDIR_STOPPED
int outdir_begin(outdir_t *d);
void outdir_end(outdir_t *d);

// 'outdir_flush()' - Rewrite SHA256SUMS now (atomically) if the run changed what it lists.
//                    O - ROIT_OK or an exit code with a message given
int outdir_flush(outdir_t *d);

// 'outdir_adopt()' - List relpath, found there unlisted, with hex (when its content is the run's).
void outdir_adopt(outdir_t *d, const char *relpath, const char *hex);

// 'outdir_path()' - The folder's path as the user gave it (for messages).
const char *outdir_path(const outdir_t *d);

// 'outdir_say()' - A line on stdout unless quiet: "<word> <output folder>/<relpath>".
void outdir_say(const outdir_t *d, const char *word, const char *relpath);

// What outdir_write() returns, writing nothing, once SIGINT, SIGTERM or SIGHUP has asked the run to
// stop: the caller closes the folder (so SHA256SUMS lists what was written) and then re-raises
// outdir_stop_signal().  Before the first write those signals end the run at once.
#define OUTDIR_STOPPED (-1)
int outdir_stop_signal(void);

// 'outdir_close()' - Rewrite SHA256SUMS (earlier entries kept, what the run moved and wrote changed)
//                    if the run changed a file, or if it ended well and dropped lines naming
//                    files no longer there; release the lock and free d.  O - ROIT_OK or an exit code with a message given.
int outdir_close(outdir_t *d, bool ended_well);

#endif
