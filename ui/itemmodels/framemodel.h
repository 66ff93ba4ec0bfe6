#pragma once

#include "model/frame.h"
#include "nodetreemodel.h"

#include <nlohmann/json.hpp>

namespace stackdeck::ui {

struct StackDisplay {
    bool appOnly = true; // hide frames known not to be in-app (when any frame is in-app)
    bool newestFirst = true; // crashing frame on top, as Sentry shows it
};

// The frames of one stack trace as a tree: frame rows (function, location),
// below each its context lines (line number, code; the error line flagged)
// and its variables as a nested tree.
class FrameModel : public NodeTreeModel {
    Q_OBJECT
public:
    enum Kind { FrameKind = 1, ContextKind, VarsKind, VarKind, HiddenKind };
    explicit FrameModel(QObject* parent = nullptr);

    // `meta` is the `_meta` subtree of this stack trace (may be null).
    void setStacktrace(const Stacktrace* stack, const nlohmann::ordered_json* meta, const StackDisplay& display);
    int shownFrames() const { return m_shown; }
    int hiddenFrames() const { return m_hidden; }

protected:
    QVariant styleData(const TreeNode& node, int column, int role) const override;

private:
    int m_shown = 0;
    int m_hidden = 0;
};

QString frameFunction(const Frame& frame);
QString frameLocation(const Frame& frame);
bool hasInAppFrames(const Stacktrace& stack);

} // namespace stackdeck::ui
