// The budgetconv command line: parses arguments (Boost.Program_options) and
// dispatches to convert / detect / inspect / mappings check.
#pragma once

namespace bc {

// Exit codes: 0 every input converted, 1 any input failed, 2 usage error.
int run_cli(int argc, char** argv);

}  // namespace bc
