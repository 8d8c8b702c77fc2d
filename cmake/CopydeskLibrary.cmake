# copydesk_library(NAME <component> SOURCES ... [DEPS ...] [PRIVATE_DEPS ...])
# Declares copydesk_<component> (alias copydesk::<component>) from lib/<component>/:
# public headers in include/copydesk/<component>/, everything else private.
function(copydesk_library)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  set(target copydesk_${ARG_NAME})
  add_library(${target} STATIC ${ARG_SOURCES})
  add_library(copydesk::${ARG_NAME} ALIAS ${target})
  target_include_directories(${target}
    PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(${target} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()
