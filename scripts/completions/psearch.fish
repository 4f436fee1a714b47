# fish completion for psearch; installed in share/fish/vendor_completions.d.

# The arguments are query words, not files.
complete -c psearch -f
complete -c psearch -s n -l max-count -x -d 'print the N best hits (default 10)'
complete -c psearch -l exact -d 'search the words as typed: no spelling correction'
complete -c psearch -l all -d 'show every hit: each copy of near-duplicate passages, and no cap per file'
complete -c psearch -l per-file -x -d 'show at most N hits of one file (default 3; 0: no cap)'
complete -c psearch -l json -n 'not __fish_seen_argument -l vimgrep' -d 'JSON Lines output, one object per hit'
complete -c psearch -l vimgrep -n 'not __fish_seen_argument -l json' -d 'file:line:col:text rows, one per matching line'
complete -c psearch -s l -l files -d 'print the matching files, ranked as documents'
complete -c psearch -l explain -d 'under each hit, what each matching term added to the score'
complete -c psearch -l absolute -d 'print absolute file names'
complete -c psearch -l color -l colour -x -a 'never auto always' -d 'when to colour the output'
complete -c psearch -l db -r -F -d 'the index, a Xapian stub file or tcp://HOST:PORT (repeatable)'
complete -c psearch -l timeout -x -d 'seconds a remote shard may take before it is left out (default 5)'
complete -c psearch -l partial-ok -d 'exit 0/1 by the hits when a shard is down'
complete -c psearch -l version -d 'print the version and the index schema version'
complete -c psearch -s h -l help -d 'print the help'
