// Command-line presentation shared by pindex and psearch: the --version line and the --help
// layout (options in named groups, "-n, --max-count N" names, no CLI11 type or Excludes noise).
#pragma once
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "format/schema.hpp"
#include "format/version.hpp"

namespace psearch::cli {

/// "psearch X.Y.Z (index schema N)": the tool, the project version and schema::kVersion.
inline std::string version_line(const std::string& tool) {
  return fmt::format("{} {} (index schema {})", tool, kProjectVersion, schema::kVersion);
}

/// CLI11's help, laid out like rg --help: each option's names joined by ", ", then its value
/// name (set with option_text) and nothing else; constraints are stated in the descriptions.
class HelpFormatter : public CLI::Formatter {
public:
  HelpFormatter() {
    column_width(28);
    label("Positionals", "Arguments");
  }
  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode) const override {
    std::string out = make_description(app) + "\n" + make_usage(app, name) + make_positionals(app);
    for (const auto& group : app->get_groups()) {
      auto options = app->get_options(
          [&group](const CLI::Option* opt) { return opt->get_group() == group && opt->nonpositional(); });
      if (!group.empty() && !options.empty()) out += make_group(group, false, options);
    }
    return out + "\n" + make_footer(app);
  }
  std::string make_option_name(const CLI::Option* opt, bool is_positional) const override {
    if (is_positional) return opt->get_name(true, false);
    std::string names = opt->get_name(false, true), out;
    for (char c : names) out += c == ',' ? std::string(", ") : std::string(1, c);
    return out;
  }
  std::string make_option_opts(const CLI::Option* opt) const override {
    return opt->get_option_text().empty() ? std::string() : " " + opt->get_option_text();
  }
};

/// Sets app's name, help layout, --version and -h/--help (added last, in group "Other", so they
/// come after the tool's own groups) and the footer.
inline void finish_app(CLI::App& app, const std::string& tool, const std::string& footer) {
  app.name(tool);
  app.formatter(std::make_shared<HelpFormatter>());
  app.set_version_flag("--version", version_line(tool), "print the version and the index schema version")
      ->group("Other");
  app.set_help_flag("-h,--help", "print this help")->group("Other");
  app.footer(footer);
}

}  // namespace psearch::cli
