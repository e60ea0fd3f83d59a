// The protocheck executable: the command line over the built-in models.
#include <protocheck/cli.hpp>
#include <protocheck/models/builtin.hpp>

int main(int argc, char **argv) {
  return protocheck::run_cli(argc, argv, protocheck::builtin_models());
}
