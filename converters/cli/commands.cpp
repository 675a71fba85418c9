#include "cli/commands.h"

#include <iostream>

namespace bc {

int run_cli(int argc, char** argv) {
  (void)argc;
  (void)argv;
  std::cerr << "budgetconv " << BC_VERSION << ": CLI under construction\n";
  return 2;
}

}  // namespace bc
