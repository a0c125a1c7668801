import { Button, Flex, Popconfirm } from "antd";
import { useTranslation } from "react-i18next";

/**
 * A list row's "Modifier" and "Supprimer" buttons, named after the row for
 * screen readers; deleting asks for confirmation first.
 */
export function RowActions({
  editLabel,
  deleteLabel,
  confirmTitle,
  confirmHint,
  onEdit,
  onDelete,
}: {
  editLabel: string;
  deleteLabel: string;
  confirmTitle: string;
  confirmHint: string;
  onEdit: () => void;
  onDelete: () => Promise<void> | void;
}) {
  const { t } = useTranslation();
  return (
    <Flex gap={4}>
      <Button size="small" onClick={onEdit} aria-label={editLabel}>
        {t("common.edit")}
      </Button>
      <Popconfirm
        title={confirmTitle}
        description={confirmHint}
        okText={t("common.delete")}
        okButtonProps={{ danger: true }}
        cancelText={t("common.cancel")}
        onConfirm={onDelete}
      >
        <Button size="small" danger aria-label={deleteLabel}>
          {t("common.delete")}
        </Button>
      </Popconfirm>
    </Flex>
  );
}
