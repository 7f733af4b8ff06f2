# roit-report: monthly scrutiny returns and funding-continuation summaries for a
# Home Office funded Regional Online Investigation Team.
#
#   make          build ./roit-report
#   make run      install what is missing, build, write the reports of input/ to output/
#   make test     the same set-up, then every test
#   make asan     the whole test suite under AddressSanitizer and UBSan
#   make leakcheck  the sample through valgrind
#   make fuzz     fuzz the CSV reader, report.ini and the font check for FUZZ_SECONDS
#   make bench    the benchmark (speed and memory)
#   make coverage the suite with gcov: line coverage of every file of src/ (each at least 90%)
#   make strict   build everything with -Werror under gcc and clang (CI)
#   make install  binary, fonts and man page under $(DESTDIR)$(PREFIX)

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/roit-report
MANDIR ?= $(PREFIX)/share/man

CC ?= cc
CFLAGS ?= -O2 -g
LDFLAGS ?=
# Flags the code needs whatever CFLAGS says; CFLAGS on the command line adds to them.
WARN = -Wall -Wextra -pedantic -Wstrict-prototypes -Wshadow -Wformat=2
ALL_CPPFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 -Iinclude $(CPPFLAGS)
ALL_CFLAGS = $(WARN) $(CFLAGS)
LIBS = -lhpdf -lcsv -linih -ljansson -lcrypto -ldeflate -lm -pthread

BUILD ?= build
SRC = $(wildcard src/*.c)
LIB_OBJ = $(patsubst src/%.c,$(BUILD)/%.o,$(filter-out src/main.c,$(SRC)))
UNIT_TESTS = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))
FUZZ_SECONDS ?= 60

.PHONY: all deps run test check-unit check-shell check-locale asan leakcheck fuzz bench coverage strict install clean

all: roit-report

deps:
	@sh tools/setup.sh

PROG ?= roit-report
$(PROG): $(BUILD)/main.o $(LIB_OBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

# Each object depends on the headers it includes, as the compiler lists them (-MMD -MP).
$(BUILD)/%.o: src/%.c Makefile
	@mkdir -p $(BUILD)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJ)
	@mkdir -p $(BUILD)/tests $(BUILD)/deps
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -MF $(BUILD)/deps/$*.d $(LDFLAGS) $(TEST_LDFLAGS) -o $@ $< \
		$(LIB_OBJ) $(LIBS) -lcmocka

# test_run injects renderer failures by wrapping the renderers at link time.
$(BUILD)/tests/test_run: TEST_LDFLAGS = -Wl,--wrap=pdf_monthly -Wl,--wrap=pdf_summary
# test_records_run kills a run before each step that changes the output folder, and fills the disk.
$(BUILD)/tests/test_records_run: TEST_LDFLAGS = -Wl,--wrap=linkat -Wl,--wrap=renameat

# test_outfile_faults fails each system call the output folder makes, in turn.
$(BUILD)/tests/test_outfile_faults: TEST_LDFLAGS = -Wl,--wrap=openat64 -Wl,--wrap=open64 -Wl,--wrap=mkdir \
	-Wl,--wrap=mkdirat -Wl,--wrap=fchmod -Wl,--wrap=write -Wl,--wrap=fsync -Wl,--wrap=renameat \
	-Wl,--wrap=linkat -Wl,--wrap=flock -Wl,--wrap=fstatat64 -Wl,--wrap=read
# test_roit runs every allocator out of memory by wrapping the C library's at link time.
$(BUILD)/tests/test_roit: TEST_LDFLAGS = -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc \
	-Wl,--wrap=strdup -Wl,--wrap=strndup -Wl,--wrap=_exit -Wl,--wrap=pthread_create
# test_deflate has libdeflate fail to make a compressor.
$(BUILD)/tests/test_deflate: TEST_LDFLAGS = -Wl,--wrap=libdeflate_alloc_compressor -Wl,--wrap=_exit

-include $(wildcard $(BUILD)/*.d $(BUILD)/deps/*.d)

# The sample runs from April 2018 to March 2021: every report it supports (June 2020 is the
# README's worked example).  The default month, the last complete one, would be past its grants.
SAMPLE_MONTH ?= 2021-03
run: deps
	@$(MAKE) --no-print-directory roit-report
	./roit-report -i input -o output --all-months -m $(SAMPLE_MONTH)

test: deps
	@$(MAKE) --no-print-directory roit-report $(UNIT_TESTS)
	@$(MAKE) --no-print-directory check-unit check-shell check-locale

check-unit: $(UNIT_TESTS)
	@sh tests/run-unit.sh $(UNIT_TESTS)

check-shell: roit-report
	@sh tests/run-shell.sh

# The reports must not change under a locale with a decimal comma.
check-locale: roit-report
	@sh tests/check-locale.sh

# The whole suite again with AddressSanitizer and UBSan, in a build folder of its own.
SAN = -fsanitize=address,undefined -fno-sanitize-recover=all
asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan PROG=build-asan/roit-report \
		CFLAGS="-O1 -g -fno-omit-frame-pointer $(SAN)" LDFLAGS="$(SAN)" \
		build-asan/roit-report $(patsubst $(BUILD)/%,build-asan/%,$(UNIT_TESTS))
	@sh tests/run-unit.sh $(patsubst $(BUILD)/%,build-asan/%,$(UNIT_TESTS))
	@BIN=$(CURDIR)/build-asan/roit-report sh tests/run-shell.sh

# The sample, every month, through valgrind: no leak, no invalid access.
leakcheck: roit-report
	@rm -rf build/leakcheck
	valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		./roit-report -q -i input -o build/leakcheck --all-months -m 2021-03
	@echo "leakcheck: no errors"

# Speed and memory: ingest against a bare libcsv parse, 1M and 10M rows, ms per report, and
# the network overview's own time in one process (bench/overview.c, on the program's objects).
bench: deps roit-report $(BUILD)/bench/overview
	@OVERVIEW=$(CURDIR)/$(BUILD)/bench/overview sh bench/run.sh

$(BUILD)/bench/overview: bench/overview.c $(LIB_OBJ)
	@mkdir -p $(BUILD)/bench
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_OBJ) $(LIBS)

# libFuzzer, FUZZ_SECONDS in all, half each: over the CSV reader and the value parsers (corpus
# in tests/fuzz/corpus), and over report.ini and the TrueType check, then libharu with any font the
# check passes (tests/fuzz/corpus-ini, and the shipped fonts, made at set-up, as seeds).
FUZZ_SRC = src/csvin.c src/values.c src/roit.c src/buf.c src/vocab.c src/text.c
FUZZ_INI_SRC = $(filter-out src/main.c,$(SRC))
FUZZ_CC = clang -std=c11 -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 -Iinclude -g -O1 -fsanitize=fuzzer,address,undefined
fuzz: deps
	@mkdir -p build-fuzz/corpus build-fuzz/corpus-ini
	$(FUZZ_CC) -o build-fuzz/fuzz_csv tests/fuzz/fuzz_csv.c $(FUZZ_SRC) -lcsv -lcrypto -pthread
	$(FUZZ_CC) -o build-fuzz/fuzz_ini tests/fuzz/fuzz_ini.c $(FUZZ_INI_SRC) $(LIBS)
	@for f in fonts/*.ttf; do printf '\001' | cat - "$$f" >build-fuzz/corpus-ini/seed-$$(basename "$$f"); done
	@half=$$(( $(FUZZ_SECONDS) / 2 > 0 ? $(FUZZ_SECONDS) / 2 : 1 )); status=0; \
	for t in csv ini; do \
		corpus=tests/fuzz/corpus; [ $$t = ini ] && corpus=tests/fuzz/corpus-ini; \
		build-fuzz/fuzz_$$t -max_total_time=$$half -close_fd_mask=2 -max_len=65536 -print_final_stats=1 \
			build-fuzz/$${corpus#tests/fuzz/} $$corpus >build-fuzz/log-$$t 2>&1 || status=$$?; \
		echo "fuzz_$$t:"; grep -E '^(stat::|#[0-9]+.*DONE|==)' build-fuzz/log-$$t | tail -12; \
	done; exit $$status

# Line coverage of each file of src/ over the whole suite (gcov, from gcc), in a build folder of
# its own; fails when a file is under COVERAGE_MIN percent.
COVERAGE_MIN ?= 90
coverage: deps
	@rm -rf build-cov
	@$(MAKE) --no-print-directory BUILD=build-cov PROG=build-cov/roit-report \
		CFLAGS="-O0 -g --coverage -DROIT_COVERAGE" LDFLAGS="--coverage" \
		build-cov/roit-report $(patsubst $(BUILD)/%,build-cov/%,$(UNIT_TESTS)) >/dev/null
	@sh tests/run-unit.sh $(patsubst $(BUILD)/%,build-cov/%,$(UNIT_TESTS)) >build-cov/unit.log 2>&1 || \
		{ grep -E 'FAILED|ERROR|Assert|error:' build-cov/unit.log | head -40; exit 1; }
	@BIN=$(CURDIR)/build-cov/roit-report sh tests/run-shell.sh >build-cov/shell.log || \
		{ grep -v '^ok' build-cov/shell.log | head -60; exit 1; }
	@sh tools/coverage.sh build-cov $(COVERAGE_MIN)

# Every source, test and bench/overview.c with warnings as errors, under gcc and under clang (what CI builds).
strict:
	@for cc in gcc clang; do \
		$(MAKE) --no-print-directory BUILD=build-strict-$$cc PROG=build-strict-$$cc/roit-report CC=$$cc \
			CFLAGS="-O2 -g -Werror" build-strict-$$cc/roit-report build-strict-$$cc/bench/overview \
			$(patsubst $(BUILD)/%,build-strict-$$cc/%,$(UNIT_TESTS)) >/dev/null || exit 1; \
		echo "strict: $$cc -Werror: clean"; \
	done

clean:
	rm -rf $(BUILD) build-asan build-fuzz build-cov build-strict-* roit-report

install: roit-report
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/fonts $(DESTDIR)$(MANDIR)/man1
	install -m 755 roit-report $(DESTDIR)$(BINDIR)/roit-report
	install -m 644 fonts/*.ttf $(DESTDIR)$(DATADIR)/fonts/
	install -m 644 roit-report.1 $(DESTDIR)$(MANDIR)/man1/roit-report.1
