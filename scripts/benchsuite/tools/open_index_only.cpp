// Benchmark floor for psearch: opens the Xapian index given as argv[1] and exits.
#include <xapian.h>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  Xapian::Database db(argv[1]);
  return db.get_doccount() > 0 ? 0 : 1;
}
