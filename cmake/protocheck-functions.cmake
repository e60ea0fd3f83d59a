# protocheck_add_model(NAME SOURCES file.cpp ... [LINK target ...])
#
# An executable NAME from a program whose main() hands its models to protocheck::run_cli: it gets
# the whole protocheck command line (check, sweep, replay, graph, --json, charts, limits). The
# built-in models are added with this function too.
function(protocheck_add_model name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "SOURCES;LINK")
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "protocheck_add_model(${name}): give the program's SOURCES")
  endif()
  add_executable(${name} ${arg_SOURCES})
  target_link_libraries(${name} PRIVATE protocheck::protocheck ${arg_LINK})
  target_compile_features(${name} PRIVATE cxx_std_20)
endfunction()
