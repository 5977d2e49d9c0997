/** A Ricos node (Wix's rich content), as far as plain text needs it. */
export interface RichContentNode {
  type: 'PARAGRAPH' | 'TEXT';
  id: string;
  nodes: RichContentNode[];
  paragraphData?: Record<string, never>;
  textData?: { text: string; decorations: [] };
}

/**
 * Plain text as Wix rich content (Ricos, https://dev.wix.com/docs/ricos/api-reference/ricos-document): one
 * PARAGRAPH per blank-line separated block, its lines joined with line breaks inside one TEXT node.
 */
export function textToRichContent(text: string): { nodes: RichContentNode[] } {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => block.length > 0);
  return {
    nodes: paragraphs.map((block, i) => ({
      type: 'PARAGRAPH',
      id: `p${i + 1}`,
      nodes: [{ type: 'TEXT', id: '', nodes: [], textData: { text: block, decorations: [] } }],
      paragraphData: {},
    })),
  };
}
