# roit-report: monthly scrutiny returns and funding-continuation summaries for a
# Home Office funded Regional Online Investigation Team.
#
#   make          build ./roit-report
#   make run      install what is missing, build, write the reports of input/ to output/
#   make test     the same set-up, then every test
#   make asan     the whole test suite under AddressSanitizer and UBSan
#   make leakcheck  the sample through valgrind
#   make fuzz     fuzz the CSV reader for FUZZ_SECONDS
#   make bench    the benchmark (speed and memory)
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
LIBS = -lhpdf -lcsv -linih -lcrypto -lm

BUILD ?= build
SRC = $(wildcard src/*.c)
LIB_OBJ = $(patsubst src/%.c,$(BUILD)/%.o,$(filter-out src/main.c,$(SRC)))
HDR = $(wildcard include/*.h)
UNIT_TESTS = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))
FUZZ_SECONDS ?= 60

.PHONY: all deps run test check-unit check-shell asan leakcheck fuzz bench install clean

all: roit-report

deps:
	@sh tools/setup.sh

roit-report: $(BUILD)/main.o $(LIB_OBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/%.o: src/%.c $(HDR)
	@mkdir -p $(BUILD)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJ) $(HDR)
	@mkdir -p $(BUILD)/tests
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_OBJ) $(LIBS) -lcmocka

run: deps
	@$(MAKE) --no-print-directory roit-report
	./roit-report -i input -o output

test: deps
	@$(MAKE) --no-print-directory roit-report $(UNIT_TESTS)
	@$(MAKE) --no-print-directory check-unit check-shell

check-unit: $(UNIT_TESTS)
	@sh tests/run-unit.sh $(UNIT_TESTS)

check-shell: roit-report
	@sh tests/run-shell.sh

clean:
	rm -rf $(BUILD) build-asan roit-report

install: roit-report
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/fonts $(DESTDIR)$(MANDIR)/man1
	install -m 755 roit-report $(DESTDIR)$(BINDIR)/roit-report
	install -m 644 fonts/*.ttf $(DESTDIR)$(DATADIR)/fonts/
	install -m 644 roit-report.1 $(DESTDIR)$(MANDIR)/man1/roit-report.1
