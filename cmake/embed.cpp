// Writes files into a C++ header as raw string literals, so that the binary carries its
// default data: embed OUTPUT NAMESPACE NAME=PATH ... Each file becomes chunks of whole lines
// under 30,000 bytes (the C++ standard's minimum literal length is 65,536).
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: embed OUTPUT NAMESPACE NAME=PATH ...\n";
    return 2;
  }
  std::ostringstream out;
  out << "// Generated at build time by cmake/embed.cpp.\n#pragma once\n#include <cstddef>\n"
      << "#include <string_view>\n\nnamespace " << argv[2] << " {\n\n"
      << "struct EmbeddedFile {\n  std::string_view name;\n  const std::string_view* chunks;\n"
      << "  std::size_t count;\n};\n\n";
  std::vector<std::pair<std::string, size_t>> files;
  for (int i = 3; i < argc; ++i) {
    const std::string arg = argv[i];
    const size_t eq = arg.find('=');
    std::ifstream in(arg.substr(eq + 1), std::ios::binary);
    if (eq == std::string::npos || !in) {
      std::cerr << "embed: cannot read " << arg << "\n";
      return 1;
    }
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.find(")embedded\"") != std::string::npos) {
      std::cerr << "embed: " << arg << " holds the literal's delimiter\n";
      return 1;
    }
    out << "inline const std::string_view kChunks" << files.size() << "[] = {\n";
    size_t chunks = 0;
    for (size_t begin = 0; begin < text.size(); ++chunks) {
      size_t end = std::min(text.size(), begin + 30000);
      if (end < text.size()) {
        const size_t newline = text.rfind('\n', end - 1);
        if (newline != std::string::npos && newline >= begin) end = newline + 1;
      }
      out << "R\"embedded(" << text.substr(begin, end - begin) << ")embedded\",\n";
      begin = end;
    }
    if (chunks == 0) {
      out << "\"\",\n";
      chunks = 1;
    }
    out << "};\n";
    files.emplace_back(arg.substr(0, eq), chunks);
  }
  out << "\ninline const EmbeddedFile kFiles[] = {\n";
  for (size_t i = 0; i < files.size(); ++i) {
    out << "    {\"" << files[i].first << "\", kChunks" << i << ", " << files[i].second << "},\n";
  }
  out << "};\n\n}  // namespace " << argv[2] << "\n";
  std::ofstream(argv[1], std::ios::binary) << out.str();
  return 0;
}
