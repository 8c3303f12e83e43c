#!/bin/sh
# usage: lintat.sh owner+name commit path
mkdir -p /tmp/lintat && f=/tmp/lintat/$(basename "$3") && git --git-dir=/work/.mirror/$1/repo show "$2:$3" > "$f" && cd /tmp/lintat && node /work/wt/workers/bench/.lintw.mjs "$(basename $f)"
