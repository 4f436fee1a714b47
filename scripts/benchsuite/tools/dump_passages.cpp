// Prints the passages pindex would index for each file argument, as JSON Lines
// {"file","line","end_line","heading","text"}: the same passages for the FTS5 reference.
#include <fstream>
#include <iostream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "indexer/passage_splitter.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> files(argv + 1, argv + argc);
  if (files.empty())
    for (std::string f; std::getline(std::cin, f);) files.push_back(f);
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (content.find('\0') != std::string::npos) continue;
    for (const auto& p : psearch::split_passages(content)) {
      nlohmann::json j = {{"file", f}, {"line", p.first_line}, {"end_line", p.last_line}, {"heading", p.heading},
                          {"text", p.text}};
      std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    }
  }
}
