# Writes config/reference/boilerplate.yaml into a C++ header as a raw string, so the binary carries
# its default patterns. Run with -DINPUT=... -DOUTPUT=...
file(READ ${INPUT} content)
file(WRITE ${OUTPUT}
  "// Generated from config/reference/boilerplate.yaml at build time.\n#pragma once\n#include <string_view>\n"
  "inline constexpr std::string_view kBuiltinBoilerplateYaml = R\"copydesk(${content})copydesk\";\n")
