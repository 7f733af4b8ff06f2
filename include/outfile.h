// The output folder: one run at a time (flock), files written atomically, SHA256SUMS kept.
#ifndef OUTFILE_H
#define OUTFILE_H

#include <stdbool.h>
#include <stddef.h>

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

// 'outdir_hash()' - The SHA-256 of relpath as it stands in the output folder now, read back
//                   (never through a symlink; safe on any thread while nothing writes relpath).
//                   O - ROIT_OK with *found false where there is no file; ROIT_EX_CANTCREAT when
//                       something other than a regular file stands there, ROIT_EX_IOERR when it
//                       cannot be read (message given).
int outdir_hash(const outdir_t *d, const char *relpath, bool *found, char hex[65]);

// What outdir_write() returns, writing nothing, once SIGINT, SIGTERM or SIGHUP has asked the run to
// stop: the caller closes the folder (so SHA256SUMS lists what was written) and then re-raises
// outdir_stop_signal().  Before the first write those signals end the run at once.
#define OUTDIR_STOPPED (-1)
int outdir_stop_signal(void);

// 'outdir_close()' - Rewrite SHA256SUMS (earlier entries kept, this run's replaced) when commit is true,
//                    release the lock and free d.  O - ROIT_OK or an exit code with a message given.
int outdir_close(outdir_t *d, bool commit);

#endif
