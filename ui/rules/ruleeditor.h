#pragma once

#include <QPlainTextEdit>

class QHelpEvent;

#include <vector>

namespace stackdeck::ui {

// A plain-text editor for one rules text: line numbers in a gutter, a
// marker on lines with errors and a wavy underline from the error's column
// to the end of the word there.
class RuleEditor : public QPlainTextEdit {
    Q_OBJECT
public:
    struct Mark {
        int line = 0; // 1-based
        int column = 0; // 1-based
        QString message;
    };

    explicit RuleEditor(QWidget* parent = nullptr);
    void setMarks(std::vector<Mark> marks);
    const std::vector<Mark>& marks() const { return m_marks; }
    void jumpTo(int line, int column); // 1-based; focuses the editor
    int gutterWidth() const;

protected:
    void resizeEvent(QResizeEvent* event) override;
    bool viewportEvent(QEvent* event) override;

private:
    friend class RuleGutter;
    void paintGutter(QPaintEvent* event);
    bool showMarkTip(QHelpEvent* help, int viewportY);
    QWidget* m_gutter;
    std::vector<Mark> m_marks;
};

} // namespace stackdeck::ui
