#pragma once

#include <QString>

#include <array>
#include <memory>
#include <vector>

namespace stackdeck::ui {

// One row of a NodeTreeModel: up to three columns of plain text plus a kind
// and flags that the concrete model turns into fonts, colours and icons.
struct TreeNode {
    static constexpr int kColumns = 3;
    enum Flag : unsigned { InApp = 1, ErrorLine = 2, Trimmed = 4, Muted = 8, Strong = 16, Monospace = 32 };

    std::array<QString, kColumns> text;
    QString tooltip;
    int kind = 0;
    unsigned flags = 0;
    qint64 number = 0; // kind-specific payload (frame index, line number, tag count)
    TreeNode* parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<TreeNode>> children;

    TreeNode* add(QString first, QString second = {}, QString third = {})
    {
        auto node = std::make_unique<TreeNode>();
        node->text = {std::move(first), std::move(second), std::move(third)};
        node->parent = this;
        node->row = static_cast<int>(children.size());
        children.push_back(std::move(node));
        return children.back().get();
    }
    bool has(Flag flag) const { return (flags & flag) != 0; }
};

} // namespace stackdeck::ui
