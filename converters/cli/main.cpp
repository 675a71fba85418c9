#include "cli/commands.h"

int main(int argc, char** argv) { return bc::run_cli(argc, argv); }
