#!/usr/bin/env bash
# Writes a static class-data archive (CDS) from a class list that a training run recorded with
# -XX:DumpLoadedClassList: the JDK's classes and the jar's, parsed and, where the JVM allows, verified ahead of
# time. Static, not the dynamic archive -XX:ArchiveClassesAtExit writes, because on Java 17 only a static
# archive holds classes compiled for Java 5, and picocli's are (bench/README.md, "Start-up").
#
# Usage: scripts/dump-class-archive.sh CLASS_LIST JAR ARCHIVE LOG [JVM_FLAG...]   (JAVA=... picks the JVM)
# JVM_FLAG: the flags of the binary's launcher; the archive maps only into a JVM of the same build started
# with a compatible heap set-up. The archive is written beside ARCHIVE and renamed into place only when
# complete: a truncated archive would crash the JVM that maps it. The JVM's output is appended to LOG.
set -euo pipefail

[ $# -ge 4 ] || { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
list="$1" jar="$2" archive="$3" log="$4"
shift 4
java="${JAVA:-java}"

if [ ! -s "$list" ]; then
  echo "no classes listed in $list: the training run recorded nothing" >&2
  exit 1
fi
rm -f "$archive" "$archive.tmp"
# -Xshare:dump after the launcher's flags: the command line's launcher says -Xshare:auto.
if ! "$java" "$@" -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$archive.tmp" \
    -cp "$jar" >>"$log" 2>&1 || [ ! -s "$archive.tmp" ]; then
  rm -f "$archive.tmp"
  echo "could not write the class-data archive $archive; the JVM's output is in $log" >&2
  exit 1
fi
mv "$archive.tmp" "$archive"
