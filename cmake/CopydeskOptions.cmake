# Compiler guard rails shared by every target: warnings are errors, sanitizers on demand.
add_compile_options(-Wall -Wextra -Wpedantic -Werror -Wno-unused-parameter)

if(COPYDESK_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

if(COPYDESK_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "COPYDESK_FUZZ needs clang (CXX=clang++)")
  endif()
  # Coverage instrumentation for every library the fuzzers reach.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
