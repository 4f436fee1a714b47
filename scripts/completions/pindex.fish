# fish completion for pindex; installed in share/fish/vendor_completions.d.
# The arguments are files and directories to index: fish's default file completion.

complete -c pindex -l db -x -a '(__fish_complete_directories (commandline -ct) index)' -d 'the index'
complete -c pindex -l rebuild -d 'build the index from scratch (beside the live one, then swap)'
complete -c pindex -l no-wait -d 'fail instead of waiting when another pindex holds the index'
complete -c pindex -l shard -x -d 'index only shard K of N of the files (K/N)'
complete -c pindex -l store-text -d 'store passage text in the index, for remote search (xapian-tcpsrv)'
complete -c pindex -l no-store-text -d 'read passage text from the files (the default)'
complete -c pindex -l merge -r -F -d 'compact the shards into the index OUT: --merge OUT SHARD...'
complete -c pindex -s L -l follow -d 'follow symbolic links'
complete -c pindex -l dry-run -n 'not __fish_seen_argument -l watch' -d 'list what would change; write nothing'
complete -c pindex -l watch -n 'not __fish_seen_argument -l dry-run' -d 'stay running and re-index on changes'
complete -c pindex -s j -l jobs -x -a '1 2 3 4 8' -d 'threads for a fresh build'
complete -c pindex -s v -l verbose -d 'name each file skipped for having no text, and why'
complete -c pindex -l version -d 'print the version and the index schema version'
complete -c pindex -s h -l help -d 'print the help'
