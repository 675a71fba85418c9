// A streaming XML parser on expat, fed in chunks as a zip part inflates, so a
// sheet is never held whole. Namespace-aware: handlers see each element's
// namespace URI and local name, so "x:row" and "row" are the same element.
// DOCTYPE declarations are refused (no entity expansion, no external
// entities); Office never writes them.
#pragma once

#include <exception>
#include <string>
#include <string_view>

struct XML_ParserStruct;

namespace bc {

// Attributes of one start tag, as expat gives them (name, value, ... , null).
class XmlAttributes {
 public:
  explicit XmlAttributes(const char** pairs) : pairs_(pairs) {}
  // An attribute without a namespace prefix ("r", "t", "s" ...).
  const char* get(std::string_view local) const;
  // An attribute in a namespace whose URI contains `ns_part` (e.g.
  // "relationships" for r:id in transitional and strict packages).
  const char* get_ns(std::string_view ns_part, std::string_view local) const;

 private:
  const char** pairs_;
};

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void on_start(std::string_view ns, std::string_view local,
                        const XmlAttributes& attributes) = 0;
  virtual void on_end(std::string_view ns, std::string_view local) = 0;
  virtual void on_text(std::string_view text) = 0;
};

class XmlStream {
 public:
  // `file`, `part` and `sheet` (when the part is a sheet) name the input in
  // error messages.
  XmlStream(XmlHandler& handler, std::string file, std::string part, std::string sheet = {});
  ~XmlStream();
  XmlStream(const XmlStream&) = delete;
  XmlStream& operator=(const XmlStream&) = delete;

  // Feeds a chunk; throws InputError READ-CORRUPT on malformed XML, or
  // whatever a handler threw.
  void feed(const char* data, std::size_t size);
  // Ends the document; throws if it is incomplete.
  void finish();

 private:
  static void start_element(void* self, const char* name, const char** attributes);
  static void end_element(void* self, const char* name);
  static void character_data(void* self, const char* text, int length);
  static void start_doctype(void* self, const char* name, const char* sysid, const char* pubid,
                            int has_internal);
  void fail_from_handler();
  void parse(const char* data, std::size_t size, bool final);
  [[noreturn]] void throw_syntax_error();

  XmlHandler& handler_;
  std::string file_;
  std::string part_;
  std::string sheet_;
  XML_ParserStruct* parser_ = nullptr;
  std::exception_ptr pending_;
  bool stopped_ = false;
};

// True when `ns` is a SpreadsheetML main namespace (transitional or strict)
// or empty (hand-made parts without a namespace).
bool is_spreadsheetml(std::string_view ns);

}  // namespace bc
