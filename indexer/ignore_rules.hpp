// Ignore files read as git and ripgrep read them: `.gitignore` (inside a git work tree, with
// `.git/info/exclude`), `.ignore` and `.psearchignore`, nested, last matching rule wins, `!` negates.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace psearch {

/// One line of an ignore file.
struct IgnorePattern {
  std::string glob;       // without the leading '!', the leading '/' and the trailing '/'
  bool negated = false;   // "!pattern": re-includes what an earlier rule ignored
  bool anchored = false;  // had a '/' before its end: matched against the path from the file's folder
  bool dir_only = false;  // ended in '/': matches directories only
};

/// The patterns of an ignore file's text, in file order; comments and blank lines dropped.
std::vector<IgnorePattern> parse_ignore_file(std::string_view text);

/// Whether pattern matches path, relative to the ignore file's folder ('/'-separated).
bool pattern_matches(const IgnorePattern& pattern, std::string_view relative_path, bool is_dir);

/// The ignore files in force during a walk of a directory tree: the walker enters a directory
/// (which reads its ignore files), asks about each entry, and leaves it.
class IgnoreStack {
public:
  /// Reads the ignore files of the folders above root (so a root inside a git work tree obeys its
  /// .gitignore), then root's own.
  explicit IgnoreStack(const std::string& root);
  void enter(const std::string& dir);
  void leave();
  /// Whether the entry at path (absolute, under the last directory entered) is ignored.
  bool ignored(const std::string& path, bool is_dir) const;

private:
  // Tiers in increasing precedence, as ripgrep has them: a .psearchignore rule anywhere beats an
  // .ignore rule, which beats a .gitignore rule.
  enum Tier { kGit, kIgnore, kPsearch, kTiers };
  struct Frame {
    std::string dir;
    bool in_git = false;  // inside a git work tree: .gitignore counts
    std::vector<IgnorePattern> rules[kTiers];
  };
  void push(const std::string& dir, bool in_git);
  std::vector<Frame> frames_;
};

}  // namespace psearch
