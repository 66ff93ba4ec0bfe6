#include "framestrategy.h"

#include "platformrewrites.h"
#include "unicodetext.h"

namespace stackdeck::grouping {

namespace {

using NodeId = ComponentTree::NodeId;

bool startsWith(std::string_view s, std::string_view p)
{
    return s.substr(0, p.size()) == p;
}
bool endsWith(std::string_view s, std::string_view p)
{
    return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// The basename as a view into the event when lowercasing changes nothing.
std::string_view lowerBasenameView(std::string_view filename, ComponentTree& tree)
{
    std::size_t start = filename.size();
    while (start > 0 && filename[start - 1] != '/' && filename[start - 1] != '\\')
        --start;
    const std::string_view base = filename.substr(start);
    for (char c : base) {
        if ((c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80)
            return tree.store(lowerBasename(filename));
    }
    return base;
}

bool usesContextLine(std::string_view platform)
{
    return platform == "javascript" || platform == "node" || platform == "python" || platform == "php"
        || platform == "ruby";
}

NodeId filenameComponent(ComponentTree& tree, const GroupingFrame& f)
{
    if (f.filename.empty())
        return tree.empty("filename");
    const std::string_view base = lowerBasenameView(f.filename, tree);
    const NodeId id = tree.leaf("filename", base);
    // javascript_fuzzing is on for this config: file: URLs are not a URL origin here
    if (hasUrlOrigin(f.absPath, true)) {
        tree.update(id, false, "ignored because frame points to a URL");
    } else if (base == "<anonymous>") {
        tree.update(id, false, "anonymous filename discarded");
    } else if (base == "[native code]") {
        tree.update(id, false, "native code indicated by filename");
    } else if (f.platform == "java") {
        std::string cleaned = cleanJavassist(base);
        if (cleaned != base) {
            tree.setLeaf(id, tree.store(std::move(cleaned)));
            tree.update(id, true, "cleaned javassist parts");
        }
    }
    return id;
}

NodeId moduleComponent(ComponentTree& tree, const GroupingFrame& f)
{
    if (f.module.empty())
        return tree.empty("module");
    const NodeId id = tree.leaf("module", f.module);
    const std::string_view m = f.module;
    if (f.platform == "javascript" && m.find('/') != std::string_view::npos && !f.absPath.empty()
        && endsWith(f.absPath, m)) {
        tree.update(id, false, "ignored bad javascript module");
    } else if (f.platform == "java") {
        if (m.find("$$Lambda$") != std::string_view::npos)
            tree.update(id, false, "ignored java lambda");
        // Setting new values makes the component contribute again, as upstream's update() does.
        if (startsWith(m, "sun.reflect.GeneratedMethodAccessor")) {
            tree.setLeaf(id, "sun.reflect.GeneratedMethodAccessor");
            tree.update(id, true, "removed reflection marker");
        } else if (startsWith(m, "jdk.internal.reflect.GeneratedMethodAccessor")) {
            tree.setLeaf(id, "jdk.internal.reflect.GeneratedMethodAccessor");
            tree.update(id, true, "removed reflection marker");
        } else {
            std::string cleaned = cleanJavaModule(m);
            if (cleaned != m) {
                tree.setLeaf(id, tree.store(std::move(cleaned)));
                tree.update(id, true, "removed codegen marker");
            }
        }
    }
    return id;
}

NodeId contextLineComponent(ComponentTree& tree, const GroupingFrame& f)
{
    if (f.contextLine.empty())
        return tree.empty("context-line");
    char* buf = tree.allocate(f.contextLine.size());
    bool ascii = false;
    const std::string_view line(buf, text::collapseWhitespaceInto(f.contextLine, buf, &ascii));
    if (line.empty())
        return tree.empty("context-line");
    const NodeId id = tree.leaf("context-line", line);
    if ((ascii ? f.contextLine.size() : text::codePointCount(f.contextLine)) > 120) {
        tree.update(id, false, "discarded because line too long");
    } else if (f.family == Family::JavaScript) {
        if (f.function.empty() && hasUrlOrigin(f.absPath, false))
            tree.update(id, false, "discarded because from URL origin and no function");
    }
    return id;
}

NodeId functionComponent(ComponentTree& tree, const GroupingFrame& f, bool contextLineAvailable)
{
    // C# prefers the untrimmed signature for historical hash stability.
    std::string_view func;
    if (f.platform == "csharp")
        func = f.rawFunction.empty() ? f.function : f.rawFunction;
    else
        func = f.function.empty() ? f.rawFunction : f.function;
    if (func.empty())
        return tree.empty("function");
    const NodeId id = tree.leaf("function", func);

    if (f.platform == "ruby") {
        if (startsWith(func, "block ")) {
            tree.setLeaf(id, "block");
            tree.setHint(id, "ruby block");
        } else {
            std::string stripped = stripRubyErbSuffix(func);
            if (stripped != func) {
                tree.setLeaf(id, tree.store(std::move(stripped)));
                tree.setHint(id, "removed generated erb template suffix");
            }
        }
    } else if (f.platform == "php") {
        if (startsWith(func, "[Anonymous") || startsWith(func, std::string_view("class@anonymous\0", 16)))
            tree.update(id, false, "ignored anonymous function");
        if (startsWith(func, "class@anonymous")) {
            const auto sep = func.rfind("::");
            const std::string_view method = sep == std::string_view::npos ? func : func.substr(sep + 2);
            if (method != func) {
                tree.setLeaf(id, method);
                tree.update(id, true, "anonymous class method");
            }
        }
    } else if (f.platform == "java") {
        if (startsWith(func, "lambda$"))
            tree.update(id, false, "ignored lambda function");
    } else if (f.family == Family::Native) {
        if (func == "<redacted>" || func == "<unknown>")
            tree.update(id, false, "ignored unknown function");
    } else if (f.family == Family::JavaScript) {
        const auto dot = func.rfind('.');
        if (dot != std::string_view::npos) {
            tree.setLeaf(id, func.substr(dot + 1));
            tree.update(id, true, "trimmed javascript function");
        }
        if (f.sourcemap && contextLineAvailable)
            tree.update(id, false, "ignored because sourcemap used and context line available");
    }
    return id;
}

} // namespace

bool isRecursiveFrame(const GroupingFrame& a, const GroupingFrame& b)
{
    return a.absPath == b.absPath && a.package == b.package && a.module == b.module && a.filename == b.filename
        && a.function == b.function && a.lineno == b.lineno && a.colno == b.colno;
}

NodeId buildFrameComponent(ComponentTree& tree, const GroupingFrame& f, bool isRecursion)
{
    const NodeId filename = filenameComponent(tree, f);
    const NodeId module = moduleComponent(tree, f);
    if (tree.at(module).contributes && tree.at(filename).contributes)
        tree.update(filename, false, "module takes precedence");

    NodeId contextLine = ComponentTree::kNone;
    if (usesContextLine(f.platform))
        contextLine = contextLineComponent(tree, f);
    const bool contextLineAvailable = contextLine != ComponentTree::kNone && tree.at(contextLine).contributes;
    const NodeId function = functionComponent(tree, f, contextLineAvailable);

    const NodeId frame = contextLine != ComponentTree::kNone
        ? tree.node("frame", {module, filename, function, contextLine})
        : tree.node("frame", {module, filename, function});

    // The frame's own flag was derived above and is deliberately not
    // recomputed when the function is dropped below (upstream behaves so).
    if (f.family == Family::JavaScript) {
        std::string_view func = f.rawFunction.empty() ? f.function : f.rawFunction;
        if (const auto dot = func.rfind('.'); dot != std::string_view::npos)
            func = func.substr(dot + 1);
        if (func.empty()) {
            tree.at(function).contributes = false;
        } else if (func == "?" || func == "<anonymous function>" || func == "<anonymous>"
            || func == "Anonymous function" || endsWith(func, "/<")) {
            tree.update(function, false, "ignored unknown function name");
        }
        if (func == "eval" || f.absPath == "[native code]" || f.absPath == "native code" || f.absPath == "eval code"
            || f.absPath == "<anonymous>")
            tree.update(frame, false, "ignored low quality javascript frame");
    }
    if (isRecursion)
        tree.update(frame, false, "ignored due to recursion");
    return frame;
}

} // namespace stackdeck::grouping
