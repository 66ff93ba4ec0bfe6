#pragma once

#include <QTimer>
#include <QWidget>

class QLineEdit;
class QLabel;

namespace stackdeck::ui {

// The issue search: a line edit that reports its text 300 ms after the last
// keystroke (or at once on Enter), and a friendly error line under it.
class SearchField : public QWidget {
    Q_OBJECT
public:
    static constexpr int kDebounceMs = 300;
    explicit SearchField(QWidget* parent = nullptr);

    QString text() const;
    void setText(const QString& text); // reports at once
    // Appends the filter for tag `key` = `value` (query::tagSearchTerm: quoted
    // so the search matches exactly that value) unless it is already there.
    void addTerm(const QString& key, const QString& value);
    // `position`/`length` are byte offsets into the UTF-8 query as the compiler reports them.
    void showError(const QString& message, int position, int length);
    void clearError();
    QString errorText() const;
    bool hasError() const;
    QLineEdit* lineEdit() const { return m_edit; }

    // Empty for a key the search language cannot name.
    static QString termFor(const QString& key, const QString& value);

Q_SIGNALS:
    void queryChanged(const QString& text);

private:
    void emitNow();
    QLineEdit* m_edit;
    QLabel* m_error;
    QTimer m_debounce;
    QString m_lastEmitted;
    bool m_emittedOnce = false;
};

} // namespace stackdeck::ui
