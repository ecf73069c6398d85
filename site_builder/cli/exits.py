"""Exit codes, which CI relies on: one table, used by every command (the README has it too)."""

OK = 0  # success
INVALID = 1  # the content has errors: nothing was built or changed
USAGE = 2  # the command line is wrong
ENGINE = 3  # the engine failed on valid content (its output is printed)
BUSY = 4  # another build of the same root was still running after --wait seconds
INTERNAL = 70  # a bug in site-builder, told in one line (EX_SOFTWARE); SITE_BUILDER_DEBUG=1 shows the traceback
INTERRUPTED = 130  # Ctrl+C
